import { createTokenIssuer, type CreateChatKitTokenActionConfig } from './createChatKitTokenAction.ts'
import {
  createFetchHandler,
  type ChatKitFetchHandler,
  type ChatKitFetchHandlerOptions,
} from './chatKitFetchHandler.ts'

type WithoutGetUser<T> = T extends unknown ? Omit<T, 'getUser' | 'headers'> : never

/**
 * Configuration of {@link createChatKitTokenHandler}: the token action's (a `secret`, or a
 * `privateKey` and `algorithm`), with a `getUser` that reads the request, plus the HTTP options.
 */
export type CreateChatKitTokenHandlerConfig = WithoutGetUser<CreateChatKitTokenActionConfig> &
  ChatKitFetchHandlerOptions

/**
 * A Fetch API handler that signs a short-lived token for a self-hosted ChatKit server:
 * {@link createChatKitTokenAction} behind the same checks and answers as
 * `createChatKitSessionHandler` (the body must be a JSON object, `{}`, and is ignored).
 * Configuration errors throw a `TypeError` here, when the handler is created. The action is
 * built once, so a PEM `privateKey` is imported once, on the first request.
 *
 * @example
 * app.post('/api/chatkit/token', (c) => mintToken(c.req.raw))
 */
export function createChatKitTokenHandler(config: CreateChatKitTokenHandlerConfig): ChatKitFetchHandler {
  const { getUser, allowedOrigins: _origins, maxBodyBytes: _max, ...rest } = config
  const actionConfig = rest as WithoutGetUser<CreateChatKitTokenActionConfig>
  // Built (and its configuration checked) once, so a bad secret fails at start-up.
  const issue = createTokenIssuer(
    { ...actionConfig, getUser: () => null } as CreateChatKitTokenActionConfig,
    ({ request, responseHeaders }) =>
      request === undefined || responseHeaders === undefined ? null : getUser(request, responseHeaders),
  )
  return createFetchHandler('token', config, (request, _body, responseHeaders) =>
    issue({ request, headers: request.headers, responseHeaders }),
  )
}
