import { ChatKitSessionError, type SessionActionError } from '@chatkit-session/core'
import {
  toChatKitClientSession,
  type ChatKitClientSession,
  type ChatKitSessionActionResult,
} from './chatKitClientSession.ts'
import {
  hintFor,
  type ChatKitAction,
  type OnChatKitError,
  type UpstreamError,
} from './chatKitErrorContext.ts'
import { fromOpenAIError, readUpstreamError } from './fromOpenAIError.ts'

/** What every action's call shares: which action, the user once known, the clock, the error hook. */
export interface SessionRequestContext {
  action: ChatKitAction
  user?: string
  now: () => number
  onError: OnChatKitError | undefined
}

/** Who may call an action: the end user's id, or `null` / `undefined` when nobody is signed in. */
export type GetUser = () => string | null | undefined | Promise<string | null | undefined>

/** The `unauthorized` failure of a call with no signed-in user. */
function noUserFailure(context: FailureContext): ActionFailure {
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
export async function readUser(getUser: GetUser, context: FailureContext): Promise<string | ActionFailure> {
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

/** What {@link actionFailure} tells `onError` about. */
export type FailureContext = Pick<SessionRequestContext, 'action' | 'user' | 'onError'>

/** Turns an error into the `{ ok: false }` value, telling `onError` first (with what the API said). */
export function actionFailure(
  error: ChatKitSessionError,
  context: FailureContext,
  upstream?: UpstreamError,
): ActionFailure {
  context.onError?.(error, { action: context.action, user: context.user, upstream, hint: hintFor(error) })
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
    return actionFailure(
      fromOpenAIError(error, context.now(), context.action),
      context,
      readUpstreamError(error),
    )
  }
  return session instanceof ChatKitSessionError ? actionFailure(session, context) : { ok: true, session }
}
