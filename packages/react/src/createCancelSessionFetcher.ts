import type { SessionActionResult } from '@chatkit-session/core'
import { postToSessionEndpoint, type SessionFetcherOptions } from './postToSessionEndpoint.ts'

/**
 * A `cancelSession` from an HTTP endpoint: it POSTs `{ "sessionId": "cksess_...", "cancelHandle":
 * "..." }` as JSON (the body `createChatKitCancelHandler` reads; the hook passes the session's
 * `cancel_handle`) and reads the answer as `createSessionFetcher`
 * does; a failure reaches the hook's `onError`. Never throws.
 *
 * @example
 * <ChatKitProvider createSession={createSession} cancelSession={createCancelSessionFetcher('/api/chatkit/cancel')}>
 */
export function createCancelSessionFetcher(
  url: string | URL,
  options: SessionFetcherOptions = {},
): (sessionId: string, cancelHandle?: string) => Promise<SessionActionResult> {
  return (sessionId, cancelHandle) => postToSessionEndpoint(url, { sessionId, cancelHandle }, options)
}
