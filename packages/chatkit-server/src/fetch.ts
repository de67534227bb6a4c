// `@chatkit-session/chatkit-server/fetch`: the ChatKit server's Fetch API handler, for a Next.js
// route handler (Node or edge runtime), Hono, a Worker, Bun, Deno, or plain Node through an
// adapter. No Node built-ins and no `server-only`, so every one of them can load it.
export { DEFAULT_CHATKIT_MAX_BODY_BYTES, createChatKitHandler } from './createChatKitHandler.ts'
export type {
  ChatKitContextFromClaims,
  ChatKitHandler,
  ChatKitHandlerBaseOptions,
  ChatKitHandlerErrorBody,
  ChatKitHandlerErrorCode,
  ChatKitHandlerErrorInfo,
  ChatKitHandlerGetContextOptions,
  ChatKitHandlerVerifyOptions,
  ChatKitUserContext,
  CreateChatKitHandlerOptions,
} from './createChatKitHandler.ts'
