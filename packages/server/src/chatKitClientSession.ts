import {
  ChatKitSessionError,
  chatSessionSchema,
  clientSessionSchema,
  formatIssues,
  type ChatSession,
  type ApiSessionStatus,
  type ClientSession,
} from '@chatkit-session/core'
import type { ActionFailure } from './actionFailure.ts'

/**
 * The session the actions return to the browser: small, plain JSON, and never the API key or
 * the raw SDK object.
 */
export interface ChatKitClientSession extends ClientSession {
  status: ApiSessionStatus
  /** The server's clock when the API's answer arrived, in Unix seconds with millisecond precision. */
  server_time: number
  /** The workflow the session runs, as the API resolved it. */
  workflow?: { id: string; version: string | null }
  /** The ChatKit features of the session, with the API's defaults filled in. */
  chatkit_configuration?: ChatSession['chatkit_configuration']
}

/** What the actions return: `{ ok: true, session }` or `{ ok: false, error }`, never a throw. */
export type ChatKitSessionActionResult = { ok: true; session: ChatKitClientSession } | ActionFailure

const { workflow: workflowSchema, chatkit_configuration: configurationSchema } = chatSessionSchema.shape

/**
 * Picks the browser's part of an API answer. Only `client_secret` and `expires_at` are
 * required (the API reference's own examples disagree on the rest); a bad answer becomes a
 * `server_error` that names the field, never its value.
 */
export function toChatKitClientSession(
  answer: unknown,
  serverTime: number,
): ChatKitClientSession | ChatKitSessionError {
  const parsed = clientSessionSchema.safeParse(answer)
  if (!parsed.success) {
    return new ChatKitSessionError(
      'server_error',
      `The ChatKit API answered without a usable session: ${formatIssues(parsed.error.issues)}`,
    )
  }
  const { id, client_secret, expires_at, status = 'active', workflow, chatkit_configuration } = parsed.data
  const session: ChatKitClientSession = { client_secret, expires_at, status, server_time: serverTime }
  if (id !== undefined) session.id = id
  const resolvedWorkflow = workflowSchema.safeParse(workflow)
  if (resolvedWorkflow.success) {
    session.workflow = { id: resolvedWorkflow.data.id, version: resolvedWorkflow.data.version }
  }
  const configuration = configurationSchema.safeParse(chatkit_configuration)
  if (configuration.success) session.chatkit_configuration = configuration.data
  return session
}
