import { ChatKitSessionError, isRecord } from '@chatkit-session/core'
import { SignJWT, base64url, importPKCS8, type CryptoKey, type KeyObject } from 'jose'
import { actionFailure, type ActionFailure } from './actionFailure.ts'
import {
  CHATKIT_TOKEN_TYPE,
  MAX_TOKEN_TTL_SECONDS,
  checkKeyFits,
  checkPem,
  isAsymmetricAlgorithm,
  isHmacAlgorithm,
  isKeyObjectLike,
  readTokenSecret,
  withoutPrototypeKeys,
  type ChatKitTokenAlgorithm,
  type ChatKitTokenAsymmetricAlgorithm,
  type ChatKitTokenHmacAlgorithm,
  type ChatKitTokenKey,
} from './chatKitTokenKeys.ts'
import type { OnChatKitError } from './chatKitErrorContext.ts'
import { isPlainObject } from './isPlainObject.ts'
import { readUser, type GetUser } from './readUser.ts'
import { createIssuanceLimiter, type IssuanceLimits } from './issuanceLimits.ts'
import { actionRequestContext, type RequestContext } from './requestContext.ts'
import type { HeadersLike } from './resolveClientIp.ts'
import { MAX_TOKEN_LENGTH } from './verifyChatKitToken.ts'

/** Token lifetime when `ttlSeconds` is left out, in seconds. */
export const DEFAULT_TOKEN_TTL_SECONDS = 300

export { MAX_TOKEN_TTL_SECONDS }

/** The claims the action sets itself; `claims()` may not return any of them. */
export const REGISTERED_TOKEN_CLAIMS: readonly string[] = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti']

/**
 * The token as the browser holds it: the same shape as a hosted session, so the React hook
 * keeps it fresh unchanged.
 */
export interface ChatKitTokenSession {
  /** The token id (its `jti` claim): `ckt_` and 128 random bits, base64url. Not a secret. */
  id: string
  /** The signed JWT the browser sends as `Authorization: Bearer <token>`. Never log it. */
  client_secret: string
  /** Expiry (the `exp` claim), in whole Unix seconds on the server's clock. */
  expires_at: number
  /** The server's clock when the token was signed, in Unix seconds with millisecond precision. */
  server_time: number
  /** Always `active`: a signed token cannot be cancelled, only left to expire. */
  status: 'active'
}

/** What the token action returns: `{ ok: true, session }` or `{ ok: false, error }`, never a throw. */
export type ChatKitTokenActionResult = { ok: true; session: ChatKitTokenSession } | ActionFailure

/** Options shared by both kinds of key. */
interface ChatKitTokenActionBaseConfig {
  /**
   * The signed-in end user's id, read on the server: the `sub` claim. `null` or `undefined` fails
   * with `unauthorized`; what it throws is not caught, so Next.js `redirect()` still works.
   */
  getUser: GetUser
  /**
   * The `aud` claim: who the token is for, usually your ChatKit server's URL. The verifier
   * refuses a token for any other audience.
   */
  audience: string
  /**
   * The `iss` claim: who signed the token.
   * @default undefined (no `iss` claim)
   */
  issuer?: string
  /**
   * Token lifetime in whole seconds, at least 1. More than 600 is cut to 600: the token is
   * a bearer credential, and the browser refreshes it before it expires anyway.
   * @default 300
   */
  ttlSeconds?: number
  /**
   * Extra claims for the user, such as a role or a tenant id. The token is signed, not encrypted:
   * the browser can read every claim, so never put a secret here. Must return a plain object (not
   * a `Date`, a `Map` or a class instance); its JSON is what is signed, so a `toJSON` counts. A
   * registered claim (`sub`, `aud`, `exp`, ...) in that JSON, a value that is not plain JSON, or a
   * token over `MAX_TOKEN_LENGTH` fails the call with `bad_request`. `__proto__`, `constructor`
   * and `prototype` keys are dropped.
   * @default undefined (no extra claims)
   */
  claims?: (user: string) => Record<string, unknown> | Promise<Record<string, unknown>>
  /**
   * The `kid` header, so a verifier can pick among several keys while you rotate them.
   * @default undefined (no `kid` header)
   */
  keyId?: string
  /**
   * The server's clock in milliseconds: `iat`, `nbf`, `exp` and `server_time` come from one
   * reading of it.
   * @default Date.now
   */
  now?: () => number
  /**
   * Called with every failure before it is returned, for server logs (see {@link OnChatKitError}).
   * @default undefined
   */
  onError?: OnChatKitError
  /**
   * Issuance limits per user, per client IP and globally (see {@link IssuanceLimits}). A refused
   * call answers `rate_limited` with `retryAfterMs` (429 with `Retry-After` from a Fetch handler)
   * and a generic message; `onError` gets the tier.
   * @default undefined (no limits)
   */
  limits?: IssuanceLimits
  /**
   * Reads the request's headers in a server action, for `limits.clientIp`: pass Next.js
   * `headers` (`import { headers } from 'next/headers'`). The Fetch handlers read the `Request`.
   * @default undefined (no headers: the IP tier cannot apply in a server action)
   */
  headers?: () => HeadersLike | Promise<HeadersLike>
}

/** A token action signing with a shared secret (HMAC), the default. */
export interface ChatKitTokenSecretConfig extends ChatKitTokenActionBaseConfig {
  /**
   * The shared secret, also given to the ChatKit server that verifies the tokens. At least 32
   * bytes for HS256 (48 for HS384, 64 for HS512); a string counts in UTF-8 bytes.
   */
  secret: string | Uint8Array
  /**
   * The HMAC algorithm.
   * @default 'HS256'
   */
  algorithm?: ChatKitTokenHmacAlgorithm
  privateKey?: never
}

/** A token action signing with a private key; the ChatKit server holds only the public key. */
export interface ChatKitTokenKeyPairConfig extends ChatKitTokenActionBaseConfig {
  /** A private `CryptoKey`, a private `KeyObject`, or a PKCS #8 PEM string. */
  privateKey: ChatKitTokenKey
  /** The algorithm the key is for, such as `'RS256'`, `'ES256'` or `'EdDSA'`. */
  algorithm: ChatKitTokenAsymmetricAlgorithm
  secret?: never
}

/** Configuration of {@link createChatKitTokenAction}: a `secret`, or a `privateKey` and `algorithm`. */
export type CreateChatKitTokenActionConfig = ChatKitTokenSecretConfig | ChatKitTokenKeyPairConfig

type SigningKey = Uint8Array | CryptoKey | KeyObject

interface Signer {
  algorithm: ChatKitTokenAlgorithm
  key: () => Promise<SigningKey>
}

function readSigner(config: CreateChatKitTokenActionConfig): Signer {
  const { secret, privateKey } = config as { secret?: unknown; privateKey?: unknown }
  const algorithm: unknown = config.algorithm
  if ((secret === undefined) === (privateKey === undefined)) {
    throw new TypeError('createChatKitTokenAction: pass exactly one of `secret` and `privateKey`')
  }
  if (secret !== undefined) {
    const hmac = algorithm ?? 'HS256'
    if (!isHmacAlgorithm(hmac)) throw new TypeError('algorithm: with `secret`, must be HS256, HS384 or HS512')
    const bytes = readTokenSecret(secret, hmac, 'secret')
    return { algorithm: hmac, key: () => Promise.resolve(bytes) }
  }
  if (!isAsymmetricAlgorithm(algorithm)) {
    throw new TypeError(
      'algorithm: with `privateKey`, must be an asymmetric algorithm such as RS256, ES256 or EdDSA',
    )
  }
  if (typeof privateKey === 'string') {
    checkPem(privateKey, 'PRIVATE KEY', 'privateKey')
    let imported: Promise<CryptoKey> | undefined
    return { algorithm, key: () => (imported ??= importPKCS8(privateKey, algorithm)) }
  }
  if (!isKeyObjectLike(privateKey) || privateKey.type !== 'private') {
    throw new TypeError('privateKey: must be a private CryptoKey or KeyObject, or a PKCS #8 PEM string')
  }
  checkKeyFits(privateKey, algorithm, 'privateKey')
  return { algorithm, key: () => Promise.resolve(privateKey) }
}

function readTtlSeconds(ttlSeconds: unknown): number {
  if (ttlSeconds === undefined) return DEFAULT_TOKEN_TTL_SECONDS
  if (typeof ttlSeconds !== 'number' || !Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new TypeError('ttlSeconds: must be a whole number of seconds, at least 1')
  }
  return Math.min(ttlSeconds, MAX_TOKEN_TTL_SECONDS)
}

function checkConfig(config: CreateChatKitTokenActionConfig): void {
  // Read as unknown: JavaScript callers (and `process.env`) can pass anything.
  const fields: Partial<Record<'getUser' | 'audience' | 'issuer' | 'claims' | 'keyId', unknown>> = config
  const { getUser, audience, issuer, claims, keyId } = fields
  if (typeof getUser !== 'function') throw new TypeError('getUser: must be a function')
  if (typeof audience !== 'string' || audience === '') {
    throw new TypeError('audience: must be a non-empty string (the ChatKit server the token is for)')
  }
  if (issuer !== undefined && (typeof issuer !== 'string' || issuer === '')) {
    throw new TypeError('issuer: must be a non-empty string when set')
  }
  if (claims !== undefined && typeof claims !== 'function') throw new TypeError('claims: must be a function')
  if (keyId !== undefined && (typeof keyId !== 'string' || keyId === '')) {
    throw new TypeError('keyId: must be a non-empty string when set')
  }
}

/** The extra claims as plain JSON, or the `bad_request` error that says what is wrong. */
async function readExtraClaims(
  claims: ChatKitTokenActionBaseConfig['claims'],
  user: string,
): Promise<Record<string, unknown> | ChatKitSessionError> {
  if (claims === undefined) return {}
  const notPlain = new ChatKitSessionError('bad_request', 'claims: must return a plain object')
  const extra: unknown = await claims(user)
  if (!isPlainObject(extra)) return notPlain
  let json: unknown
  try {
    // A round trip drops what JSON cannot hold (undefined, functions) and throws on the rest.
    json = JSON.parse(JSON.stringify(extra))
  } catch {
    return new ChatKitSessionError('bad_request', 'claims: must return plain JSON values')
  }
  // Checked on what will be signed: a toJSON can change the keys.
  if (!isRecord(json)) return notPlain
  const registered = REGISTERED_TOKEN_CLAIMS.find((claim) => Object.hasOwn(json, claim))
  if (registered !== undefined) {
    return new ChatKitSessionError('bad_request', `claims: may not set the registered claim '${registered}'`)
  }
  return withoutPrototypeKeys(json)
}

function createTokenId(): string {
  const bytes = new Uint8Array(16)
  globalThis.crypto.getRandomValues(bytes)
  return `ckt_${base64url.encode(bytes)}`
}

/**
 * Creates the body of a token server action for a self-hosted ChatKit server (ChatKit's
 * advanced integration, `api: { url, domainKey, fetch }`): `(input?) => Promise<result>`. It
 * asks `getUser()` who is calling and signs a short-lived JWT for them with `jose`: `sub` (the
 * user), `aud`, `iss` (when set), `iat`, `nbf`, `exp` and a random `jti`, plus any `claims()`.
 * The result has the hosted action's shape (`client_secret` is the token, `id` its `jti`), so
 * the React hook keeps it fresh the same way. Browser input is ignored.
 *
 * Configuration errors (a secret shorter than 32 bytes, a bad `ttlSeconds`, a missing
 * `audience`, ...) throw a `TypeError` here, when the action is created, naming the option but
 * never its value. Call failures are values: `unauthorized` without a user, `bad_request` for
 * bad `claims()`, `server_error` when the key cannot sign.
 *
 * @example
 * // app/chatkit/actions.ts
 * 'use server'
 * const mint = createChatKitTokenAction({
 *   secret: process.env.CHATKIT_TOKEN_SECRET ?? '',
 *   audience: 'https://chatkit.example.com',
 *   getUser,
 * })
 * export async function createChatKitToken() {
 *   return mint()
 * }
 */
export function createChatKitTokenAction(
  config: CreateChatKitTokenActionConfig,
): (input?: unknown) => Promise<ChatKitTokenActionResult> {
  const { getUser, headers } = config
  const issue = createTokenIssuer(config, () => getUser())
  return async () => issue(await actionRequestContext(headers))
}

/**
 * The token action's body with a per-call request context, built once (keys imported once):
 * the token Fetch handler calls it per request with the `Request`, the server action with Next's
 * headers. `getUser` replaces the config's, which must still be a function.
 */
export function createTokenIssuer(
  config: CreateChatKitTokenActionConfig,
  getUser: (from: RequestContext) => ReturnType<GetUser>,
): (from: RequestContext) => Promise<ChatKitTokenActionResult> {
  checkConfig(config)
  const signer = readSigner(config)
  const ttlSeconds = readTtlSeconds(config.ttlSeconds)
  const { audience, issuer, claims, keyId, now = Date.now, onError } = config
  const limiter = config.limits === undefined ? undefined : createIssuanceLimiter(config.limits, 'token')
  const base = { action: 'token' as const, onError }
  return async (from) => {
    const user = await readUser(() => getUser(from), base)
    if (typeof user !== 'string') return user
    const context = { ...base, user }
    const extra = await readExtraClaims(claims, user)
    if (extra instanceof ChatKitSessionError) return actionFailure(extra, context)
    const refused = await limiter?.(user, from)
    if (refused !== undefined) return actionFailure(refused.error, context, undefined, refused.tier)
    const nowMs = now()
    if (!Number.isFinite(nowMs)) {
      return actionFailure(
        new ChatKitSessionError('server_error', 'now: the clock did not give a finite time'),
        context,
      )
    }
    const issuedAt = Math.floor(nowMs / 1000)
    const expiresAt = issuedAt + ttlSeconds
    const id = createTokenId()
    let token: string
    try {
      const header = { alg: signer.algorithm, typ: CHATKIT_TOKEN_TYPE }
      const jwt = new SignJWT(extra)
        .setProtectedHeader(keyId === undefined ? header : { ...header, kid: keyId })
        .setSubject(user)
        .setAudience(audience)
        .setIssuedAt(issuedAt)
        .setNotBefore(issuedAt)
        .setExpirationTime(expiresAt)
        .setJti(id)
      if (issuer !== undefined) jwt.setIssuer(issuer)
      token = await jwt.sign(await signer.key())
    } catch {
      // jose's message could describe the key; ours names only the option and the algorithm.
      return actionFailure(
        new ChatKitSessionError(
          'server_error',
          `The ChatKit token could not be signed: check that the key fits ${signer.algorithm}.`,
        ),
        context,
      )
    }
    // Mint only what a verifier reads: a longer token would be refused as malformed on every use.
    if (token.length > MAX_TOKEN_LENGTH) {
      return actionFailure(
        new ChatKitSessionError(
          'bad_request',
          `claims: the token would be ${token.length} characters, over the ${MAX_TOKEN_LENGTH} a verifier reads`,
        ),
        context,
      )
    }
    return {
      ok: true,
      session: {
        id,
        client_secret: token,
        expires_at: expiresAt,
        server_time: nowMs / 1000,
        status: 'active',
      },
    }
  }
}
