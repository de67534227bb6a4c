import { ChatKitSessionError } from '@chatkit-session/core'
import { actionFailure, type FailureContext } from './actionFailure.ts'
import {
  toChatKitClientSession,
  type ChatKitClientSession,
  type ChatKitSessionActionResult,
} from './chatKitClientSession.ts'
import { fromOpenAIError, readUpstreamError } from './fromOpenAIError.ts'

/** What every SDK call shares: which action, the user once known, the clock, the error hook. */
export interface SessionRequestContext extends FailureContext {
  now: () => number
}

/**
 * Runs one SDK call and turns its answer, or what it threw, into an action result.
 * `server_time` is read from `now()` when the answer arrived.
 */
export async function runSessionRequest(
  call: () => PromiseLike<unknown>,
  context: SessionRequestContext,
): Promise<ChatKitSessionActionResult> {
  let session: ChatKitClientSession | ChatKitSessionError
  try {
    const answer = await call()
    session = toChatKitClientSession(answer, context.now() / 1000)
  } catch (error) {
    return actionFailure(
      fromOpenAIError(error, context.now(), context.action),
      context,
      readUpstreamError(error),
    )
  }
  return session instanceof ChatKitSessionError ? actionFailure(session, context) : { ok: true, session }
}
