import { createSessionIssuer, type CreateChatKitSessionActionConfig } from './createChatKitSessionAction.ts'
import {
  createFetchHandler,
  type ChatKitFetchHandler,
  type ChatKitFetchHandlerOptions,
} from './chatKitFetchHandler.ts'

/**
 * Configuration of {@link createChatKitSessionHandler}: the session action's, with a `getUser`
 * that reads the request, plus the HTTP options.
 */
export interface CreateChatKitSessionHandlerConfig
  extends Omit<CreateChatKitSessionActionConfig, 'getUser' | 'headers'>, ChatKitFetchHandlerOptions {}

/**
 * A Fetch API handler that creates a hosted ChatKit session: {@link createChatKitSessionAction}
 * behind the HTTP checks Next.js gives a server action and a plain route lacks. It answers only a
 * same-origin `POST` of a JSON object (`{ state_variables }`, the rest ignored) with
 * `{ ok: true, session }` (200) or `{ ok: false, error }` with its code's status, always with
 * `Cache-Control: no-store`. Refusals: 405 (not `POST`), 403 (cross-site), 415 (not JSON), 413
 * (too large), 400 (not a JSON object).
 *
 * @example
 * // Hono: app.post('/api/chatkit/session', (c) => createSession(c.req.raw))
 * // Next.js: export const POST = createSession (app/api/chatkit/session/route.ts)
 * const createSession = createChatKitSessionHandler({
 *   client: new OpenAI(),
 *   getUser: (request) => readSignedInUser(request.headers.get('cookie')),
 *   workflow: { id: process.env.CHATKIT_WORKFLOW_ID ?? '' },
 * })
 */
export function createChatKitSessionHandler(config: CreateChatKitSessionHandlerConfig): ChatKitFetchHandler {
  const { getUser, allowedOrigins: _origins, maxBodyBytes: _max, ...actionConfig } = config
  const issue = createSessionIssuer({
    ...actionConfig,
    getUser: ({ request, responseHeaders }) =>
      request === undefined || responseHeaders === undefined ? null : getUser(request, responseHeaders),
  })
  return createFetchHandler('create', config, (request, body, responseHeaders) =>
    issue(body, { request, headers: request.headers, responseHeaders }),
  )
}
