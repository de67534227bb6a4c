import type { ChatKitSessionError, SessionActionResult } from '@chatkit-session/core'
import {
  hintFor,
  type ChatKitAction,
  type OnChatKitError,
  type UpstreamError,
} from './chatKitErrorContext.ts'
import type { LimitTier } from './limitStore.ts'

/** The failure half of every action's result: core's {@link SessionActionResult}, not a copy of it. */
export type ActionFailure = Extract<SessionActionResult, { ok: false }>

/** What {@link actionFailure} tells `onError` about: which action, and the user once known. */
export interface FailureContext {
  action: ChatKitAction
  user?: string
  onError: OnChatKitError | undefined
}

/**
 * Turns an error into the `{ ok: false }` value every action (create, cancel, token) returns,
 * telling `onError` first (with what the API said, or the limit tier that refused).
 */
export function actionFailure(
  error: ChatKitSessionError,
  context: FailureContext,
  upstream?: UpstreamError,
  tier?: LimitTier | 'store',
): ActionFailure {
  const hint = hintFor(error)
  const { action, user } = context
  context.onError?.(
    error,
    tier === undefined ? { action, user, upstream, hint } : { action, user, upstream, hint, tier },
  )
  const { code, message, retryAfterMs } = error
  return {
    ok: false,
    error: retryAfterMs === undefined ? { code, message } : { code, message, retryAfterMs },
  }
}
