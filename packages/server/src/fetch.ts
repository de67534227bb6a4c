// The Fetch API entry, `@chatkit-session/server/fetch`: `(request: Request) => Promise<Response>`
// handlers for Hono, Express or Fastify through their Fetch adapters, React Router / Remix
// actions, Cloudflare Workers, Bun, Deno and Next.js route handlers (edge runtime included).
// No `server-only` here, unlike the main entry: that package throws outside the `react-server`
// condition, which only React Server Components bundlers set, so a plain Node server or an edge
// runtime could not load it. The handlers guard themselves instead (POST, JSON, same origin),
// and they import what the actions import: core, jose and the openai SDK's error classes.
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
