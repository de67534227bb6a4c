import 'server-only'

export { createChatKitSessionAction } from './createChatKitSessionAction.ts'
export { prefetchChatKitSession } from './prefetchChatKitSession.ts'
export type {
  CreateChatKitSessionActionConfig,
  CreateChatKitSessionInput,
  StateVariablesSchema,
  StateVariableValue,
} from './createChatKitSessionAction.ts'
export { SESSION_ID_PATTERN, createChatKitCancelAction } from './createChatKitCancelAction.ts'
export type { CreateChatKitCancelActionConfig } from './createChatKitCancelAction.ts'
export type { ChatKitClientSession, ChatKitSessionActionResult } from './chatKitClientSession.ts'
export type { ChatKitClient } from './chatKitClient.ts'
export { OPENAI_CHATKIT_MIN_VERSION } from './readChatKitSessions.ts'
export type { GetUser } from './readUser.ts'
export { fromOpenAIError, readUpstreamError } from './fromOpenAIError.ts'
export type {
  ChatKitAction,
  ChatKitErrorContext,
  OnChatKitError,
  UpstreamError,
} from './chatKitErrorContext.ts'
export {
  DEFAULT_TOKEN_TTL_SECONDS,
  MAX_TOKEN_TTL_SECONDS,
  REGISTERED_TOKEN_CLAIMS,
  createChatKitTokenAction,
} from './createChatKitTokenAction.ts'
export type {
  ChatKitTokenActionResult,
  ChatKitTokenKeyPairConfig,
  ChatKitTokenSecretConfig,
  ChatKitTokenSession,
  CreateChatKitTokenActionConfig,
} from './createChatKitTokenAction.ts'
export {
  CHATKIT_TOKEN_TYPE,
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  MAX_TOKEN_LENGTH,
  MIN_SECRET_BYTES,
  createChatKitTokenVerifier,
  verifyChatKitToken,
} from './verify.ts'
export type {
  ChatKitTokenAlgorithm,
  ChatKitTokenAsymmetricAlgorithm,
  ChatKitTokenClaims,
  ChatKitTokenError,
  ChatKitTokenErrorCode,
  ChatKitTokenHmacAlgorithm,
  ChatKitTokenKey,
  ChatKitTokenVerifier,
  VerifyChatKitTokenOptions,
  VerifyChatKitTokenPublicKeyOptions,
  VerifyChatKitTokenResult,
  VerifyChatKitTokenSecretOptions,
} from './verify.ts'
export {
  DEFAULT_MAX_BODY_BYTES,
  createChatKitCancelHandler,
  createChatKitSessionHandler,
  createChatKitTokenHandler,
  statusForErrorCode,
} from './fetch.ts'
export type {
  CreateChatKitCancelHandlerConfig,
  ChatKitFetchHandler,
  ChatKitFetchHandlerOptions,
  CreateChatKitSessionHandlerConfig,
  CreateChatKitTokenHandlerConfig,
  GetRequestUser,
} from './fetch.ts'
export {
  DEFAULT_IP_LIMITS,
  DEFAULT_USER_LIMITS,
  RATE_LIMITED_MESSAGE,
  createMemoryLimitStore,
  createRedisLimitStore,
  createVisitorCookie,
} from './fetch.ts'
export type {
  ClientIpPlatform,
  ClientIpTrust,
  HeadersLike,
  IORedisScriptClient,
  IssuanceLimitRule,
  IssuanceLimits,
  LimitCheck,
  LimitDecision,
  LimitStore,
  LimitStoreFailureMode,
  LimitTier,
  MemoryLimitStore,
  MemoryLimitStoreOptions,
  NodeRedisScriptClient,
  RedisLimitStoreOptions,
  VisitorCookie,
  VisitorCookieOptions,
  VisitorCookieStore,
} from './fetch.ts'
