import {
  createChatKitSessionAction,
  type CreateChatKitSessionActionConfig,
} from './createChatKitSessionAction.ts'
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
  extends Omit<CreateChatKitSessionActionConfig, 'getUser'>, ChatKitFetchHandlerOptions {}

/**
 * A Fetch API handler, `(request) => Promise<Response>`, that creates a hosted ChatKit session:
 * {@link createChatKitSessionAction} behind the HTTP checks a server action gets from Next.js
 * and a plain route does not. It answers only a same-origin `POST` with a JSON object body
 * (`{ state_variables }`, checked by the `stateVariables` schema; everything else ignored) with
 * `{ ok: true, session }` (200) or `{ ok: false, error }` with the status of its code, always
 * with `Cache-Control: no-store`. Refusals: 405 (not `POST`), 403 (cross-site), 415 (not
 * JSON), 413 (too large), 400 (not a JSON object).
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
  // The action is a closure over the config: one per request binds getUser to that request.
  return createFetchHandler('create', config, (request, body) =>
    createChatKitSessionAction({ ...actionConfig, getUser: () => getUser(request) })(body),
  )
}
