import { ChatKitSessionError } from '@chatkit-session/core'
import { actionFailure } from './actionFailure.ts'
import { CANCEL_HANDLE_PATTERN, createCancelHandleSigner } from './cancelHandle.ts'
import type { ChatKitClient } from './chatKitClient.ts'
import type { OnChatKitError } from './chatKitErrorContext.ts'
import type { ChatKitSessionActionResult } from './chatKitClientSession.ts'
import { readChatKitSessions } from './readChatKitSessions.ts'
import { readUser, type GetUser } from './readUser.ts'
import { runSessionRequest } from './runSessionRequest.ts'

/** The shape of a ChatKit session id: `cksess_` and up to 128 letters, digits, `_` or `-`. */
export const SESSION_ID_PATTERN = /^cksess_[A-Za-z0-9_-]{1,128}$/

/** Configuration of {@link createChatKitCancelAction}. */
export interface CreateChatKitCancelActionConfig {
  /** An `OpenAI` client (`new OpenAI()`). */
  client: ChatKitClient
  /** The signed-in end user's id; `null` or `undefined` fails with `unauthorized`. Throws are not caught. */
  getUser: GetUser
  /**
   * The key the create action signed each `cancel_handle` with (the same one): a string or bytes,
   * at least 32 bytes, kept on the server. Required: a session id is no secret (UIs and logs show
   * it) and the API cannot look up a session's owner, so without a handle any signed-in user
   * could cancel anyone's session. A missing or short key throws a `TypeError` here.
   */
  cancelSecret: string | Uint8Array
  /**
   * The server's clock in milliseconds, for `server_time`.
   * @default Date.now
   */
  now?: () => number
  /**
   * Called with every failure before it is returned, for server logs (see {@link OnChatKitError}).
   * @default undefined
   */
  onError?: OnChatKitError
}

/**
 * Creates the body of a cancel server action: `(sessionId, cancelHandle) => Promise<result>`.
 * It checks the user, then the id's shape (`cksess_...`, so nothing else reaches the URL), then
 * that `cancelHandle` is the one the create action signed for this user and this session
 * (`forbidden` otherwise, before any network call), then cancels the session with the SDK: the
 * result's session has `status: 'cancelled'`; an unknown id is `not_found`. The React hook
 * passes the session's `cancel_handle` as the second argument. A client without `beta.chatkit`
 * (`openai` < 6.2.0) fails every call with `unsupported`.
 *
 * The handle stops one user from cancelling another's session, not a script injected into the
 * owner's page (which can read the secret anyway). It never expires: sending it again cancels
 * nothing new.
 *
 * @example
 * 'use server'
 * const cancel = createChatKitCancelAction({ client: new OpenAI(), getUser, cancelSecret })
 * export async function cancelSession(sessionId: string, cancelHandle?: string) {
 *   return cancel(sessionId, cancelHandle)
 * }
 */
export function createChatKitCancelAction(
  config: CreateChatKitCancelActionConfig,
): (sessionId: string, cancelHandle?: string) => Promise<ChatKitSessionActionResult> {
  const cancel = createCancelIssuer(config)
  return (sessionId, cancelHandle) => cancel(sessionId, cancelHandle, config.getUser)
}

/**
 * The cancel action's body, built once (its key imported once), with the caller's `getUser` per
 * call: the cancel Fetch handler passes one that reads that request.
 */
export function createCancelIssuer(
  config: Omit<CreateChatKitCancelActionConfig, 'getUser'>,
): (
  sessionId: string,
  cancelHandle: string | undefined,
  getUser: GetUser,
) => Promise<ChatKitSessionActionResult> {
  const { client, now = Date.now, onError } = config
  const handles = createCancelHandleSigner((config as { cancelSecret?: unknown }).cancelSecret)
  const base = { action: 'cancel' as const, now, onError }
  return async (sessionId, cancelHandle, getUser) => {
    const sessions = readChatKitSessions(client)
    if (sessions instanceof ChatKitSessionError) return actionFailure(sessions, base)
    const user = await readUser(getUser, base)
    if (typeof user !== 'string') return user
    const context = { ...base, user }
    if (typeof sessionId !== 'string' || !SESSION_ID_PATTERN.test(sessionId)) {
      return actionFailure(
        new ChatKitSessionError('bad_request', 'sessionId: must be a ChatKit session id (cksess_...)'),
        context,
      )
    }
    if (typeof cancelHandle !== 'string' || !CANCEL_HANDLE_PATTERN.test(cancelHandle)) {
      return actionFailure(
        new ChatKitSessionError('bad_request', 'cancelHandle: must be the cancel_handle of the session'),
        context,
      )
    }
    if (!(await handles.verify(cancelHandle, user, sessionId))) {
      return actionFailure(
        new ChatKitSessionError(
          'forbidden',
          'cancelHandle: does not match this session and the signed-in user',
        ),
        context,
      )
    }
    return runSessionRequest(() => sessions.cancel(sessionId), context)
  }
}
