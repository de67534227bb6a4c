import { ChatKitSessionError, type SessionActionError } from '@chatkit-session/core'
import {
  toChatKitClientSession,
  type ChatKitClientSession,
  type ChatKitSessionActionResult,
} from './chatKitClientSession.ts'
import { fromOpenAIError } from './fromOpenAIError.ts'

/** What both actions share: the clock and the error hook. */
export interface SessionRequestContext {
  now: () => number
  onError: ((error: ChatKitSessionError) => void) | undefined
}

/** Who may call an action: the end user's id, or `null` / `undefined` when nobody is signed in. */
export type GetUser = () => string | null | undefined | Promise<string | null | undefined>

/** The `unauthorized` failure of a call with no signed-in user. */
function noUserFailure(context: Pick<SessionRequestContext, 'onError'>): ActionFailure {
  return actionFailure(
    new ChatKitSessionError('unauthorized', 'No signed-in user: sign in to start a chat session.'),
    context,
  )
}

/**
 * Who is calling, by the one rule of all three actions: `null` or `undefined` is nobody
 * (`unauthorized`); anything but a non-empty string (`''`, `0`, an object) is a broken
 * `getUser` (`bad_request`), never a user. What `getUser` throws is not caught, so Next.js
 * `redirect()` still works.
 */
export async function readUser(
  getUser: GetUser,
  context: Pick<SessionRequestContext, 'onError'>,
): Promise<string | ActionFailure> {
  const user: unknown = await getUser()
  if (user === null || user === undefined) return noUserFailure(context)
  if (typeof user !== 'string' || user === '') {
    return actionFailure(
      new ChatKitSessionError('bad_request', 'getUser: must return a non-empty string user id, or null'),
      context,
    )
  }
  return user
}

/** The failure half of every action result. */
export interface ActionFailure {
  ok: false
  error: SessionActionError
}

/** Turns an error into the `{ ok: false }` value, telling `onError` first. */
export function actionFailure(
  error: ChatKitSessionError,
  context: Pick<SessionRequestContext, 'onError'>,
): ActionFailure {
  context.onError?.(error)
  const { code, message, retryAfterMs } = error
  return {
    ok: false,
    error: retryAfterMs === undefined ? { code, message } : { code, message, retryAfterMs },
  }
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
    session = fromOpenAIError(error, context.now())
  }
  return session instanceof ChatKitSessionError ? actionFailure(session, context) : { ok: true, session }
}
