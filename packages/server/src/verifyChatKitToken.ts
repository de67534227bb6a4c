import { errors, importSPKI, jwtVerify, type CryptoKey, type JWTPayload, type KeyObject } from 'jose'
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

/** Clock skew the verifier allows on `exp` and `nbf` when not told otherwise, in seconds. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 5

/** Longest token the verifier reads, in characters; a longer one is `malformed` unparsed. */
export const MAX_TOKEN_LENGTH = 8192

/**
 * Why a token was refused:
 * - `expired`: past its `exp` (or before its `nbf`, or issued after now by its `iat`), beyond
 *   the clock tolerance.
 * - `invalid_signature`: not signed with this server's key: forged, or signed with another secret.
 * - `wrong_audience`: signed with the right key for another audience (or another issuer).
 * - `malformed`: not a JWT, a `typ` header other than `chatkit+jwt`, an algorithm that was not
 *   asked for (`none` included), a missing or invalid `sub`, `exp`, `iat` or `jti`, or a
 *   lifetime (`exp - iat`) over 600 s plus the tolerance.
 */
export type ChatKitTokenErrorCode = 'expired' | 'invalid_signature' | 'wrong_audience' | 'malformed'

/** A refused token: a code to branch on and a message that never holds the token. */
export interface ChatKitTokenError {
  code: ChatKitTokenErrorCode
  /** What to log or send back: no token, no key, no claim value. */
  message: string
}

/** The claims of a verified token: always `sub` (the user id), `jti` (its id), `exp` (Unix seconds). */
export interface ChatKitTokenClaims extends JWTPayload {
  sub: string
  jti: string
  exp: number
}

/** What {@link verifyChatKitToken} resolves to. It never rejects for a bad token. */
export type VerifyChatKitTokenResult =
  | {
      ok: true
      /** The user the token was signed for (the `sub` claim). */
      userId: string
      /** The token id (the `jti` claim), for logs and revocation lists. */
      tokenId: string
      /** Expiry (the `exp` claim), in Unix seconds. */
      expiresAt: number
      /** Every claim, `claims()`'s included, except `__proto__`, `constructor` and `prototype`. */
      claims: ChatKitTokenClaims
    }
  | { ok: false; error: ChatKitTokenError }

/** Options shared by both kinds of key. */
interface VerifyChatKitTokenBaseOptions {
  /** The `aud` a token must carry: the same value the token action was given. */
  audience: string
  /**
   * The `iss` a token must carry.
   * @default undefined (`iss` is not checked)
   */
  issuer?: string
  /**
   * Clock skew allowed on `exp` and `nbf` between the signing server and this one, in seconds.
   * @default 5
   */
  clockToleranceSeconds?: number
  /**
   * This server's clock in milliseconds.
   * @default Date.now
   */
  now?: () => number
}

/** Verifying with the shared secret (HMAC). */
export interface VerifyChatKitTokenSecretOptions extends VerifyChatKitTokenBaseOptions {
  /** The secret the token action signs with (at least 32 bytes for HS256). */
  secret: string | Uint8Array
  /**
   * The only algorithms accepted; a token signed with any other, `none` included, is
   * `malformed`.
   * @default ['HS256']
   */
  algorithms?: readonly ChatKitTokenHmacAlgorithm[]
  publicKey?: never
}

/** Verifying with the public half of the token action's `privateKey`. */
export interface VerifyChatKitTokenPublicKeyOptions extends VerifyChatKitTokenBaseOptions {
  /** A public `CryptoKey`, a public `KeyObject`, or an SPKI PEM string. */
  publicKey: ChatKitTokenKey
  /** The only algorithms accepted, such as `['ES256']`: the token action's `algorithm`. */
  algorithms: readonly ChatKitTokenAsymmetricAlgorithm[]
  secret?: never
}

/** Options of {@link verifyChatKitToken}: a `secret`, or a `publicKey` with its `algorithms`. */
export type VerifyChatKitTokenOptions = VerifyChatKitTokenSecretOptions | VerifyChatKitTokenPublicKeyOptions

/** A reusable verifier: the options are checked, and a PEM key imported, once. */
export type ChatKitTokenVerifier = (token: unknown) => Promise<VerifyChatKitTokenResult>

type VerificationKey = Uint8Array | CryptoKey | KeyObject

const CLAIM_NAMES: ReadonlySet<string> = new Set(['sub', 'exp', 'jti', 'iat', 'nbf'])

const WRONG_TYPE = `The token's typ header is not ${CHATKIT_TOKEN_TYPE}.`

function refuse(code: ChatKitTokenErrorCode, message: string): VerifyChatKitTokenResult {
  return { ok: false, error: { code, message } }
}

/** Maps what jose threw to a code. The messages are ours: jose's can quote a claim. */
function toTokenError(error: unknown): VerifyChatKitTokenResult {
  if (error instanceof errors.JWTExpired) return refuse('expired', 'The token has expired.')
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return refuse('invalid_signature', "The token's signature does not verify with this server's key.")
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return refuse('wrong_audience', 'The token is for another audience (aud).')
    if (error.claim === 'iss') return refuse('wrong_audience', 'The token is from another issuer (iss).')
    if (error.claim === 'typ') return refuse('malformed', WRONG_TYPE)
    if (error.claim === 'nbf' && error.reason === 'check_failed') {
      return refuse('expired', 'The token is not valid yet (nbf): check the clocks of both servers.')
    }
    if (CLAIM_NAMES.has(error.claim)) {
      return refuse('malformed', `The token's ${error.claim} claim is missing or invalid.`)
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return refuse('malformed', 'The token is signed with an algorithm this server does not accept.')
  }
  return refuse('malformed', 'The token is not a well-formed signed JWT.')
}

function keyForAlgorithm(keys: KeysByAlgorithm, algorithm: string | undefined): VerificationKey {
  // jose checked `alg` against `algorithms` before asking, so this only guards the lookup.
  const key = algorithm === undefined ? undefined : keys.get(algorithm)
  if (key === undefined)
    throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed')
  return key
}

function checkBaseOptions(options: VerifyChatKitTokenOptions): number {
  const { audience, issuer, clockToleranceSeconds = DEFAULT_CLOCK_TOLERANCE_SECONDS } = options
  if (typeof audience !== 'string' || audience === '')
    throw new TypeError('audience: must be a non-empty string')
  if (issuer !== undefined && (typeof issuer !== 'string' || issuer === '')) {
    throw new TypeError('issuer: must be a non-empty string when set')
  }
  if (
    typeof clockToleranceSeconds !== 'number' ||
    !Number.isFinite(clockToleranceSeconds) ||
    clockToleranceSeconds < 0
  ) {
    throw new TypeError('clockToleranceSeconds: must be a finite number of seconds, 0 or more')
  }
  return clockToleranceSeconds
}

type KeysByAlgorithm = ReadonlyMap<string, VerificationKey>

/** The accepted algorithms and a (memoized) way to get their keys; throws on bad options. */
function readKeys(options: VerifyChatKitTokenOptions): {
  algorithms: ChatKitTokenAlgorithm[]
  prepareKeys: () => Promise<KeysByAlgorithm>
} {
  const { secret, publicKey } = options as { secret?: unknown; publicKey?: unknown }
  if ((secret === undefined) === (publicKey === undefined)) {
    throw new TypeError('verifyChatKitToken: pass exactly one of `secret` and `publicKey`')
  }
  const listed: unknown = options.algorithms ?? (secret === undefined ? undefined : ['HS256'])
  if (!Array.isArray(listed) || listed.length === 0) {
    throw new TypeError('algorithms: with `publicKey`, list the algorithms to accept, such as ["ES256"]')
  }
  const sameKey = (key: VerificationKey) => {
    const keys: KeysByAlgorithm = new Map(listed.map((algorithm: string) => [algorithm, key]))
    return () => Promise.resolve(keys)
  }
  if (secret !== undefined) {
    if (!listed.every(isHmacAlgorithm))
      throw new TypeError('algorithms: with `secret`, only HS256, HS384, HS512')
    // Each listed algorithm checks the length, so the strictest one decides.
    const [bytes] = listed.map((algorithm) => readTokenSecret(secret, algorithm, 'secret'))
    return { algorithms: listed, prepareKeys: sameKey(bytes ?? new Uint8Array()) }
  }
  if (!listed.every(isAsymmetricAlgorithm)) {
    throw new TypeError(
      'algorithms: with `publicKey`, only asymmetric algorithms such as RS256, ES256, EdDSA',
    )
  }
  if (typeof publicKey === 'string') {
    checkPem(publicKey, 'PUBLIC KEY', 'publicKey')
    let imported: Promise<KeysByAlgorithm> | undefined
    const importAll = async (): Promise<KeysByAlgorithm> =>
      new Map(
        await Promise.all(
          listed.map(async (algorithm) => [algorithm, await importSPKI(publicKey, algorithm)] as const),
        ),
      )
    return { algorithms: listed, prepareKeys: () => (imported ??= importAll()) }
  }
  if (!isKeyObjectLike(publicKey) || publicKey.type !== 'public') {
    throw new TypeError('publicKey: must be a public CryptoKey or KeyObject, or an SPKI PEM string')
  }
  for (const algorithm of listed) checkKeyFits(publicKey, algorithm, 'publicKey')
  return { algorithms: listed, prepareKeys: sameKey(publicKey) }
}

/**
 * Creates a reusable verifier for ChatKit tokens: the options are checked now (a `TypeError`
 * naming the option, never its value, for a short secret or a missing `audience`), and a PEM
 * key is imported on first use. See {@link verifyChatKitToken}.
 *
 * @example
 * const verify = createChatKitTokenVerifier({ secret: process.env.CHATKIT_TOKEN_SECRET ?? '', audience })
 * const result = await verify(bearerToken)
 */
export function createChatKitTokenVerifier(options: VerifyChatKitTokenOptions): ChatKitTokenVerifier {
  const clockTolerance = checkBaseOptions(options)
  const { algorithms, prepareKeys } = readKeys(options)
  const { audience, issuer, now = Date.now } = options
  return async (token) => {
    if (typeof token !== 'string' || token === '' || token.length > MAX_TOKEN_LENGTH) {
      return refuse('malformed', 'The token is missing, empty or too long.')
    }
    // Outside the try: a key that cannot be imported is a configuration error, not a bad token.
    const keys = await prepareKeys()
    const nowMs = now()
    let payload: JWTPayload
    try {
      const verified = await jwtVerify(token, (header) => keyForAlgorithm(keys, header.alg), {
        algorithms,
        audience,
        issuer,
        clockTolerance,
        currentDate: new Date(nowMs),
        typ: CHATKIT_TOKEN_TYPE,
        requiredClaims: ['sub', 'exp', 'jti', 'iat'],
      })
      payload = verified.payload
    } catch (error) {
      return toTokenError(error)
    }
    const { sub, jti, exp, iat } = payload
    if (typeof sub !== 'string' || sub === '')
      return refuse('malformed', "The token's sub claim is missing or invalid.")
    if (typeof jti !== 'string' || jti === '')
      return refuse('malformed', "The token's jti claim is missing or invalid.")
    if (typeof exp !== 'number') return refuse('malformed', "The token's exp claim is missing or invalid.")
    if (typeof iat !== 'number') return refuse('malformed', "The token's iat claim is missing or invalid.")
    if (iat > nowMs / 1000 + clockTolerance) {
      return refuse('expired', 'The token was issued in the future (iat): check the clocks of both servers.')
    }
    if (exp - iat > MAX_TOKEN_TTL_SECONDS + clockTolerance) {
      return refuse('malformed', `The token's lifetime (exp - iat) is over ${MAX_TOKEN_TTL_SECONDS} s.`)
    }
    const claims = withoutPrototypeKeys({ ...payload, sub, jti, exp })
    return { ok: true, userId: sub, tokenId: jti, expiresAt: exp, claims }
  }
}

/**
 * Verifies a ChatKit token from `Authorization: Bearer <token>` in a JavaScript ChatKit
 * server: the signature with only the algorithms asked for (never `none`), then `aud`,
 * `iss` (when set), `exp` and `nbf` with `clockToleranceSeconds` of skew, and that `sub`,
 * `exp` and `jti` are there. Resolves to `{ ok: true, userId, tokenId, expiresAt, claims }` or
 * `{ ok: false, error: { code, message } }`; it rejects only for bad options (a `TypeError`)
 * or a PEM key that cannot be imported. To verify many tokens, create the verifier once with
 * {@link createChatKitTokenVerifier}.
 *
 * @example
 * const result = await verifyChatKitToken(token, { secret, audience: 'https://chatkit.example.com' })
 * if (!result.ok) return new Response(JSON.stringify({ error: result.error }), { status: 401 })
 */
export async function verifyChatKitToken(
  token: unknown,
  options: VerifyChatKitTokenOptions,
): Promise<VerifyChatKitTokenResult> {
  return createChatKitTokenVerifier(options)(token)
}
