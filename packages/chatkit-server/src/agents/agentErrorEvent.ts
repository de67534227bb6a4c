import type { ErrorEvent } from '../events.ts'
import { CustomStreamError, StreamError } from '../streamError.ts'

/** What the bridge does with a failed run when the app gives no `onError`. */
export const logAgentError = (error: unknown): void =>
  console.error('chatkit-server/agents: the agent run failed', error)

/**
 * The event the browser gets for a failed agent run: `onError` receives the error, the event
 * says nothing of it. A {@link StreamError} or {@link CustomStreamError} is the app's own
 * choice of what to show: it is thrown on, for the server to send as it does for any `respond`.
 */
export function agentErrorEvent(error: unknown, onError: (error: unknown) => void): ErrorEvent {
  if (error instanceof StreamError || error instanceof CustomStreamError) throw error
  onError(error)
  return { type: 'error', code: 'stream.error', allow_retry: true }
}
