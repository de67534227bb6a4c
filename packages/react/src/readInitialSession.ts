import {
  ChatKitSessionError,
  getSessionStatus,
  getSessionTiming,
  readSessionResult,
  type RefreshPointOptions,
} from '@chatkit-session/core'
import type { SessionData } from './sessionData.ts'
import type { InitialSession } from './types.ts'

/**
 * The issued session of a prefetched `initialSession`, or `undefined` when it cannot serve (it
 * failed, is not a session, or is already past its refresh point): the caller then creates
 * one. Its lifetime is measured from the moment the page started loading (`now()` minus
 * `performance.now()`), which is before the server created it, so the deadline is never
 * later than the true expiry, whatever the clocks say.
 */
export async function readInitialSession(
  initialSession: InitialSession,
  now: () => number,
  options: RefreshPointOptions,
): Promise<Extract<SessionData, { state: 'issued' }> | undefined> {
  let raw: unknown
  try {
    raw = await initialSession
  } catch {
    return undefined
  }
  const receivedAt = now()
  const requestedAt = receivedAt - (typeof performance === 'undefined' ? 0 : performance.now())
  const session = readSessionResult(raw)
  if (session instanceof ChatKitSessionError) return undefined
  const timing = getSessionTiming(session, { requestedAt, receivedAt }, options)
  if (getSessionStatus(session, timing, receivedAt) !== 'active' || receivedAt >= timing.refreshAt)
    return undefined
  return { state: 'issued', session, timing }
}
