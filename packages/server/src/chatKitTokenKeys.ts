// Shared by the token action (server-only) and the verifier (any Node server): no
// `server-only` here, and nothing but jose types.
import type { CryptoKey, KeyObject } from 'jose'

/** HMAC algorithms a shared `secret` signs with. */
export type ChatKitTokenHmacAlgorithm = 'HS256' | 'HS384' | 'HS512'

/** Asymmetric algorithms a `privateKey` signs with (and its public key verifies). */
export type ChatKitTokenAsymmetricAlgorithm =
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA'
  | 'Ed25519'

/** Every JWS algorithm a ChatKit token may be signed with. Never `none`. */
export type ChatKitTokenAlgorithm = ChatKitTokenHmacAlgorithm | ChatKitTokenAsymmetricAlgorithm

/**
 * A key for an asymmetric algorithm: a Web Crypto `CryptoKey`, a Node.js `KeyObject`, or a
 * PEM string (PKCS #8 `BEGIN PRIVATE KEY` to sign, SPKI `BEGIN PUBLIC KEY` to verify).
 */
export type ChatKitTokenKey = CryptoKey | KeyObject | string

/**
 * Shortest secret per HMAC algorithm, in bytes: the hash size, as RFC 7518 (section 3.2)
 * requires.
 */
export const MIN_SECRET_BYTES: Readonly<Record<ChatKitTokenHmacAlgorithm, number>> = {
  HS256: 32,
  HS384: 48,
  HS512: 64,
}

const ASYMMETRIC_ALGORITHMS: ReadonlySet<string> = new Set<ChatKitTokenAsymmetricAlgorithm>([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
])

/** Whether `value` is an HMAC algorithm name. */
export function isHmacAlgorithm(value: unknown): value is ChatKitTokenHmacAlgorithm {
  return typeof value === 'string' && Object.hasOwn(MIN_SECRET_BYTES, value)
}

/** Whether `value` is an asymmetric algorithm name. */
export function isAsymmetricAlgorithm(value: unknown): value is ChatKitTokenAsymmetricAlgorithm {
  return typeof value === 'string' && ASYMMETRIC_ALGORITHMS.has(value)
}

/**
 * The secret as bytes (a string is UTF-8 encoded), or a `TypeError` naming the option when it
 * is shorter than the algorithm needs. The message never holds the secret.
 */
export function readTokenSecret(
  secret: unknown,
  algorithm: ChatKitTokenHmacAlgorithm,
  option: string,
): Uint8Array {
  let bytes: Uint8Array
  if (typeof secret === 'string') bytes = new TextEncoder().encode(secret)
  else if (secret instanceof Uint8Array) bytes = secret
  else throw new TypeError(`${option}: must be a string or a Uint8Array`)
  const minimum = MIN_SECRET_BYTES[algorithm]
  if (bytes.length < minimum) {
    throw new TypeError(
      `${option}: must be at least ${minimum} bytes for ${algorithm} (got ${bytes.length}); ` +
        'generate one with `openssl rand -base64 32`',
    )
  }
  return bytes
}

/** Checks that a PEM string has the expected label, so a swapped key fails at config time. */
export function checkPem(key: string, label: 'PRIVATE KEY' | 'PUBLIC KEY', option: string): void {
  if (!key.trimStart().startsWith(`-----BEGIN ${label}-----`)) {
    const format = label === 'PRIVATE KEY' ? 'PKCS #8' : 'SPKI'
    throw new TypeError(`${option}: a PEM string must be ${format} (-----BEGIN ${label}-----)`)
  }
}

/** Whether `value` looks like a `CryptoKey` or a `KeyObject` (both have a string `type`). */
export function isKeyObjectLike(value: unknown): value is CryptoKey | KeyObject {
  return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string'
}
