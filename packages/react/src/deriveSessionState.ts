import type { ChatKitSessionError } from '@chatkit-session/core'
import { isBlocking, usableSecret, type SessionData } from './sessionData.ts'
import type { UseChatKitSessionResult } from './types.ts'

/** The part of the hook's result that depends on the session's state, not on its actions. */
export type SessionState = PickEach<
  UseChatKitSessionResult,
  'status' | 'clientSession' | 'clientSecret' | 'expiresAt' | 'error'
>

/** `Pick` of each member of a union, so the result stays discriminated by `status`. */
type PickEach<T, K extends keyof T> = T extends unknown ? Pick<T, K> : never

/**
 * What {@link deriveSessionState} reads: TanStack's query state (`error` is the one the query
 * settled on, `failureReason` the last failure while retries go on), `enabled`, and the clock.
 */
export interface SessionStateInput {
  data: SessionData | undefined
  error: ChatKitSessionError | null
  failureReason: ChatKitSessionError | null
  failureCount: number
  isFetching: boolean
  enabled: boolean
  now: number
}

/**
 * The session's state machine, as a pure function: from the query's state and the clock to
 * `status` and what goes with it. The hook only wires TanStack Query and React to it.
 *
 * - not `enabled`: `idle`;
 * - `cancel()` ran: `cancelled`;
 * - a non-retryable error: `error` (no secret, whatever is cached);
 * - no session yet: `error` once an attempt failed (retries go on), else `loading`;
 * - a session whose secret died: `expired` (with the last failure, if any);
 * - a live secret: `refreshing` while its successor is on its way, else `active` (also while
 *   failed refreshes are retried).
 */
export function deriveSessionState(input: SessionStateInput): SessionState {
  const { data, error, failureReason, failureCount, isFetching, enabled, now } = input
  if (!enabled) return { status: 'idle', ...NOTHING, error: null }
  const expiresAt = data?.timing?.deadline
  if (data?.state === 'cancelled') {
    return {
      status: 'cancelled',
      clientSession: data.session,
      clientSecret: undefined,
      expiresAt,
      error: null,
    }
  }
  if (isBlocking(error)) {
    return { status: 'error', clientSession: data?.session, clientSecret: undefined, expiresAt, error }
  }
  if (data?.state !== 'issued') {
    const lastFailure = failureReason ?? error
    return lastFailure
      ? { status: 'error', ...NOTHING, error: lastFailure }
      : { status: 'loading', ...NOTHING, error: null }
  }
  const { session: clientSession, timing } = data
  const clientSecret = usableSecret(data, now)
  if (clientSecret === undefined) {
    return {
      status: 'expired',
      clientSession,
      clientSecret,
      expiresAt: timing.deadline,
      error: failureReason,
    }
  }
  const status = isFetching && failureCount === 0 ? 'refreshing' : 'active'
  return { status, clientSession, clientSecret, expiresAt: timing.deadline, error: null }
}

const NOTHING = { clientSession: undefined, clientSecret: undefined, expiresAt: undefined } as const
