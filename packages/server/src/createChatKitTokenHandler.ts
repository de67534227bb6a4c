import { createChatKitTokenAction, type CreateChatKitTokenActionConfig } from './createChatKitTokenAction.ts'
import {
  createFetchHandler,
  type ChatKitFetchHandler,
  type ChatKitFetchHandlerOptions,
} from './chatKitFetchHandler.ts'

type WithoutGetUser<T> = T extends unknown ? Omit<T, 'getUser'> : never

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
 * Configuration errors throw a `TypeError` here, when the handler is created. A PEM
 * `privateKey` is imported once per request: pass an imported `CryptoKey` on a busy server.
 *
 * @example
 * app.post('/api/chatkit/token', (c) => mintToken(c.req.raw))
 */
export function createChatKitTokenHandler(config: CreateChatKitTokenHandlerConfig): ChatKitFetchHandler {
  const { getUser, allowedOrigins: _origins, maxBodyBytes: _max, ...rest } = config
  const actionConfig = rest as WithoutGetUser<CreateChatKitTokenActionConfig>
  const tokenAction = (getRequestUser: () => ReturnType<typeof getUser>) =>
    createChatKitTokenAction({ ...actionConfig, getUser: getRequestUser } as CreateChatKitTokenActionConfig)
  // Checks the configuration now, so a bad secret fails at start-up, not on the first request.
  tokenAction(() => null)
  return createFetchHandler('token', config, (request) => tokenAction(() => getUser(request))())
}
