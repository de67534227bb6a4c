// The verifier's own entry, `@chatkit-session/server/verify`: no `server-only`, so a plain
// Node ChatKit server (Express, Fastify, a script) imports it without the `react-server`
// condition. It depends on `jose` alone.
export {
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  MAX_TOKEN_LENGTH,
  createChatKitTokenVerifier,
  verifyChatKitToken,
} from './verifyChatKitToken.ts'
export type {
  ChatKitTokenClaims,
  ChatKitTokenError,
  ChatKitTokenErrorCode,
  ChatKitTokenVerifier,
  VerifyChatKitTokenOptions,
  VerifyChatKitTokenPublicKeyOptions,
  VerifyChatKitTokenResult,
  VerifyChatKitTokenSecretOptions,
} from './verifyChatKitToken.ts'
export { CHATKIT_TOKEN_TYPE, MIN_SECRET_BYTES } from './chatKitTokenKeys.ts'
export type {
  ChatKitTokenAlgorithm,
  ChatKitTokenAsymmetricAlgorithm,
  ChatKitTokenHmacAlgorithm,
  ChatKitTokenKey,
} from './chatKitTokenKeys.ts'
