import {
  getSessionStatus,
  isChatKitSessionError,
  type ChatKitSessionError,
  type ClientSession,
  type SessionTiming,
} from '@chatkit-session/core'

/**
 * What the query cache holds for a session key: the issued session with its timing, or the
 * marker that `cancel()` ran (keeping the cancelled session for display). Keeping the
 * cancelled state in the cache, not in React state, is what stops every observer of the key
 * and makes a refresh that was in flight unable to bring the session back.
 */
export type SessionData =
  | { state: 'issued'; session: ClientSession; timing: SessionTiming }
  | { state: 'cancelled'; session: ClientSession | undefined; timing: SessionTiming | undefined }

/** The root of every query key the library uses. */
export const SESSION_QUERY_KEY_ROOT = '@chatkit-session'

/** The query key of a session: `['@chatkit-session', ...sessionKey]`. */
export function sessionQueryKey(sessionKey: readonly unknown[] = []): readonly unknown[] {
  return [SESSION_QUERY_KEY_ROOT, ...sessionKey]
}

/** The secret of `data` if it is issued and alive at `now` (core's `getSessionStatus`: the one definition). */
export function usableSecret(data: SessionData | undefined, now: number): string | undefined {
  if (data?.state !== 'issued' || getSessionStatus(data.session, data.timing, now) !== 'active')
    return undefined
  return data.session.client_secret
}

/** A non-retryable failure stops automatic calls until refresh() or restart(). */
export function isBlocking(error: unknown): error is ChatKitSessionError {
  return isChatKitSessionError(error) && !error.retryable
}
