import { ChatKitSessionError } from '@chatkit-session/core'
import type { ChatKitClient } from './chatKitClient.ts'
import type { OnChatKitError } from './chatKitErrorContext.ts'
import type { ChatKitSessionActionResult } from './chatKitClientSession.ts'
import { readChatKitSessions } from './readChatKitSessions.ts'
import { actionFailure, noUserFailure, runSessionRequest, type GetUser } from './runSessionRequest.ts'

/** The shape of a ChatKit session id: `cksess_` and up to 128 letters, digits, `_` or `-`. */
export const SESSION_ID_PATTERN = /^cksess_[A-Za-z0-9_-]{1,128}$/

/** Configuration of {@link cancelChatKitSessionAction}. */
export interface CancelChatKitSessionActionConfig {
  /** An `OpenAI` client (`new OpenAI()`). */
  client: ChatKitClient
  /**
   * The signed-in end user's id, or `null` / `undefined` (then the call fails with
   * `unauthorized`). What it throws is not caught.
   */
  getUser: GetUser
  /**
   * The server's clock in milliseconds, for `server_time`.
   * @default Date.now
   */
  now?: () => number
  /**
   * Called with every failure before it is returned, for server logs: the error (whose message
   * never holds a key or a secret) and a context with the action, the user, what the API said
   * (request id, status, type, code, message) and a hint; none of it reaches the browser.
   * @default undefined
   */
  onError?: OnChatKitError
}

/**
 * Creates the body of a cancel server action: `(sessionId) => Promise<result>`. It checks the
 * user, then the id's shape (`cksess_...`, so nothing else reaches the URL), then cancels the
 * session with the SDK: the result's session has `status: 'cancelled'`; an unknown id is
 * `not_found`. The session id is the capability: only the browser that got it knows it. A
 * client without `beta.chatkit` (`openai` older than 6.2.0) fails every call with `unsupported`.
 *
 * @example
 * 'use server'
 * const cancel = cancelChatKitSessionAction({ client: new OpenAI(), getUser })
 * export async function cancelSession(sessionId: string) {
 *   return cancel(sessionId)
 * }
 */
export function cancelChatKitSessionAction(
  config: CancelChatKitSessionActionConfig,
): (sessionId: string) => Promise<ChatKitSessionActionResult> {
  const { client, getUser, now = Date.now, onError } = config
  const base = { action: 'cancel' as const, now, onError }
  return async (sessionId) => {
    const sessions = readChatKitSessions(client)
    if (sessions instanceof ChatKitSessionError) return actionFailure(sessions, base)
    const user = await getUser()
    if (user === null || user === undefined) return noUserFailure(base)
    const context = { ...base, user }
    if (typeof sessionId !== 'string' || !SESSION_ID_PATTERN.test(sessionId)) {
      return actionFailure(
        new ChatKitSessionError('bad_request', 'sessionId: must be a ChatKit session id (cksess_...)'),
        context,
      )
    }
    return runSessionRequest(() => sessions.cancel(sessionId), context)
  }
}
