import {
  ChatKitSessionError,
  getSessionStatus,
  getSessionTiming,
  readSessionResult,
  type RefreshPointOptions,
  type RequestClock,
} from '@chatkit-session/core'
import type { SessionData } from './sessionData.ts'
import type { InitialSession } from './types.ts'

type Issued = Extract<SessionData, { state: 'issued' }>

/**
 * What an action answered, as an issued session timed on the local clock, or the error it
 * stands for (`expired` when it was already dead on arrival).
 */
export function issueSession(
  raw: unknown,
  clock: Required<RequestClock>,
  options: RefreshPointOptions,
): Issued | ChatKitSessionError {
  const session = readSessionResult(raw)
  if (session instanceof ChatKitSessionError) return session
  const timing = getSessionTiming(session, clock, options)
  if (getSessionStatus(session, timing, clock.receivedAt) !== 'active') {
    return new ChatKitSessionError('expired', 'The new session had already expired when it arrived.')
  }
  return { state: 'issued', session, timing }
}

/**
 * The issued session of a prefetched `initialSession`, or `undefined` when it cannot serve (it
 * failed, is not a session, or is already past its refresh point): the caller then creates
 * one. Its lifetime counts from the moment the page started loading (`now()` minus
 * `performance.now()`), before the server created it, so the deadline is never later than the
 * true expiry, whatever the clocks say.
 */
export async function issueInitialSession(
  initialSession: InitialSession,
  now: () => number,
  options: RefreshPointOptions,
): Promise<Issued | undefined> {
  try {
    const raw = await initialSession
    const receivedAt = now()
    const requestedAt = receivedAt - (typeof performance === 'undefined' ? 0 : performance.now())
    const issued = issueSession(raw, { requestedAt, receivedAt }, options)
    return issued instanceof ChatKitSessionError || receivedAt >= issued.timing.refreshAt ? undefined : issued
  } catch {
    return undefined
  }
}
