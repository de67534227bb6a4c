// `@chatkit-session/server/fetch`: `(request: Request) => Promise<Response>` handlers for any
// Fetch API server (Hono, Express or Fastify adapters, Remix, Workers, Bun, Deno, Next.js routes).
// No `server-only`, unlike the main entry: it throws outside the `react-server` condition, which
// only React Server Components bundlers set, so a plain Node server or an edge runtime could not
// load this entry. The handlers guard themselves instead (POST, JSON, same origin).
export { DEFAULT_MAX_BODY_BYTES } from './chatKitFetchHandler.ts'
export type {
  ChatKitFetchHandler,
  ChatKitFetchHandlerOptions,
  GetRequestUser,
} from './chatKitFetchHandler.ts'
export { createChatKitSessionHandler } from './createChatKitSessionHandler.ts'
export type { CreateChatKitSessionHandlerConfig } from './createChatKitSessionHandler.ts'
export { createChatKitCancelHandler } from './createChatKitCancelHandler.ts'
export type { CreateChatKitCancelHandlerConfig } from './createChatKitCancelHandler.ts'
export { createChatKitTokenHandler } from './createChatKitTokenHandler.ts'
export type { CreateChatKitTokenHandlerConfig } from './createChatKitTokenHandler.ts'
export { statusForErrorCode } from './statusForErrorCode.ts'
export type {
  ChatKitAction,
  ChatKitErrorContext,
  OnChatKitError,
  UpstreamError,
} from './chatKitErrorContext.ts'
export type { ChatKitClientSession, ChatKitSessionActionResult } from './chatKitClientSession.ts'
export type { ChatKitClient } from './chatKitClient.ts'
export { createVisitorCookie } from './createVisitorCookie.ts'
export type { VisitorCookie, VisitorCookieOptions, VisitorCookieStore } from './createVisitorCookie.ts'
export { DEFAULT_IP_LIMITS, DEFAULT_USER_LIMITS, RATE_LIMITED_MESSAGE } from './issuanceLimits.ts'
export type { IssuanceLimitRule, IssuanceLimits } from './issuanceLimits.ts'
export { createMemoryLimitStore } from './createMemoryLimitStore.ts'
export type { MemoryLimitStore, MemoryLimitStoreOptions } from './createMemoryLimitStore.ts'
export { createRedisLimitStore } from './createRedisLimitStore.ts'
export type {
  IORedisScriptClient,
  LimitStoreFailureMode,
  NodeRedisScriptClient,
  RedisLimitStoreOptions,
} from './createRedisLimitStore.ts'
export type { LimitCheck, LimitDecision, LimitStore, LimitTier } from './limitStore.ts'
export type { ClientIpPlatform, ClientIpTrust, HeadersLike } from './resolveClientIp.ts'
