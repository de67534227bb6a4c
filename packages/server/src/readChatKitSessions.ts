import { ChatKitSessionError, isRecord } from '@chatkit-session/core'
import type { ChatKitClient } from './chatKitClient.ts'

/** The first `openai` release whose client has `beta.chatkit.sessions`. */
export const OPENAI_CHATKIT_MIN_VERSION = '6.2.0'

type ChatKitSessions = ChatKitClient['beta']['chatkit']['sessions']

/**
 * The client's `beta.chatkit.sessions`, or an `unsupported` error naming the version it needs
 * (`openai` older than {@link OPENAI_CHATKIT_MIN_VERSION}, or not an `OpenAI` client), rather
 * than a `TypeError` that would surface as a generic `server_error`.
 */
export function readChatKitSessions(client: unknown): ChatKitSessions | ChatKitSessionError {
  const beta: unknown = isRecord(client) ? client.beta : undefined
  const chatkit: unknown = isRecord(beta) ? beta.chatkit : undefined
  const sessions: unknown = isRecord(chatkit) ? chatkit.sessions : undefined
  if (isRecord(sessions) && typeof sessions.create === 'function' && typeof sessions.cancel === 'function') {
    return sessions as ChatKitSessions
  }
  return new ChatKitSessionError(
    'unsupported',
    `The OpenAI client has no beta.chatkit.sessions: ChatKit sessions need openai >= ${OPENAI_CHATKIT_MIN_VERSION} on the server.`,
  )
}
