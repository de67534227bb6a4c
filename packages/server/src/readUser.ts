import { ChatKitSessionError } from '@chatkit-session/core'
import { actionFailure, type ActionFailure, type FailureContext } from './actionFailure.ts'

/** Who may call an action: the end user's id, or `null` / `undefined` when nobody is signed in. */
export type GetUser = () => string | null | undefined | Promise<string | null | undefined>

/**
 * Who is calling, by the one rule of all three actions: `null` or `undefined` is nobody
 * (`unauthorized`); anything but a non-empty string (`''`, `0`, an object) is a broken
 * `getUser` (`bad_request`), never a user. What `getUser` throws is not caught, so Next.js
 * `redirect()` still works.
 */
export async function readUser(getUser: GetUser, context: FailureContext): Promise<string | ActionFailure> {
  const user: unknown = await getUser()
  if (user === null || user === undefined) {
    return actionFailure(
      new ChatKitSessionError('unauthorized', 'No signed-in user: sign in to start a chat session.'),
      context,
    )
  }
  if (typeof user !== 'string' || user === '') {
    return actionFailure(
      new ChatKitSessionError('bad_request', 'getUser: must return a non-empty string user id, or null'),
      context,
    )
  }
  return user
}
