import {
  cancelChatKitSessionAction,
  type CancelChatKitSessionActionConfig,
} from './cancelChatKitSessionAction.ts'
import {
  createFetchHandler,
  type ChatKitFetchHandler,
  type ChatKitFetchHandlerOptions,
} from './chatKitFetchHandler.ts'

/** Configuration of {@link cancelChatKitSessionHandler}: the cancel action's, plus the HTTP options. */
export interface CancelChatKitSessionHandlerConfig
  extends Omit<CancelChatKitSessionActionConfig, 'getUser'>, ChatKitFetchHandlerOptions {}

/**
 * A Fetch API handler that cancels a hosted ChatKit session: {@link cancelChatKitSessionAction}
 * for the body `{ "sessionId": "cksess_..." }`, behind the same checks and answers as
 * `createChatKitSessionHandler` (a missing or malformed id is 400 `bad_request`, an unknown
 * one 404 `not_found`).
 *
 * @example
 * app.post('/api/chatkit/cancel', (c) => cancelSession(c.req.raw))
 */
export function cancelChatKitSessionHandler(config: CancelChatKitSessionHandlerConfig): ChatKitFetchHandler {
  const { getUser, allowedOrigins: _origins, maxBodyBytes: _max, ...actionConfig } = config
  return createFetchHandler('cancel', config, (request, body) =>
    cancelChatKitSessionAction({ ...actionConfig, getUser: () => getUser(request) })(
      typeof body.sessionId === 'string' ? body.sessionId : '',
    ),
  )
}
