import type { SessionActionResult } from '@chatkit-session/core'
import { postToSessionEndpoint, type SessionFetcherOptions } from './postToSessionEndpoint.ts'

/**
 * A `createSession` for the hook and the provider from an HTTP endpoint, for apps whose server
 * is not Next.js server actions (a Vite SPA with Hono, Express or Fastify, React Router
 * actions, a Worker): it POSTs the hook's `input` (or `{}`) as JSON and reads the answer the
 * way a server action's result is read, so HTTP statuses, bodies that are not JSON and network
 * failures become the same error codes and `retryAfterMs` (see `createChatKitSessionHandler`
 * in `@chatkit-session/server/fetch` for the endpoint). Never throws.
 *
 * @example
 * const createSession = createSessionFetcher('/api/chatkit/session')
 * const cancelSession = createCancelSessionFetcher('/api/chatkit/cancel')
 * <ChatKitProvider createSession={createSession} cancelSession={cancelSession}>
 */
export function createSessionFetcher<TInput = undefined>(
  url: string | URL,
  options: SessionFetcherOptions = {},
): (input?: TInput) => Promise<SessionActionResult> {
  return (input) => postToSessionEndpoint(url, input, options)
}
