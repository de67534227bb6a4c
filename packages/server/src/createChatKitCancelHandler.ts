import { createCancelIssuer, type CreateChatKitCancelActionConfig } from './createChatKitCancelAction.ts'
import {
  createFetchHandler,
  type ChatKitFetchHandler,
  type ChatKitFetchHandlerOptions,
} from './chatKitFetchHandler.ts'

/** Configuration of {@link createChatKitCancelHandler}: the cancel action's, plus the HTTP options. */
export interface CreateChatKitCancelHandlerConfig
  extends Omit<CreateChatKitCancelActionConfig, 'getUser'>, ChatKitFetchHandlerOptions {}

/**
 * A Fetch API handler that cancels a hosted ChatKit session: {@link createChatKitCancelAction}
 * for the body `{ "sessionId": "cksess_...", "cancelHandle": "..." }` (the session's
 * `cancel_handle`), behind the same checks and answers as `createChatKitSessionHandler`: a
 * missing or malformed id or handle is 400 `bad_request`, another user's session 403
 * `forbidden`, an unknown one 404 `not_found`. A missing `cancelSecret` throws at creation.
 *
 * @example
 * app.post('/api/chatkit/cancel', (c) => cancelSession(c.req.raw))
 */
export function createChatKitCancelHandler(config: CreateChatKitCancelHandlerConfig): ChatKitFetchHandler {
  const { getUser, allowedOrigins: _origins, maxBodyBytes: _max, ...actionConfig } = config
  // Built once: a bad configuration fails now, not on the first request.
  const cancel = createCancelIssuer(actionConfig)
  const text = (value: unknown) => (typeof value === 'string' ? value : '')
  return createFetchHandler('cancel', config, (request, body, responseHeaders) =>
    cancel(text(body.sessionId), text(body.cancelHandle), () => getUser(request, responseHeaders)),
  )
}
