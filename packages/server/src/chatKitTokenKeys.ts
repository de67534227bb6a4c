// Shared by the token action (server-only) and the verifier (any Node server): no
// `server-only` here, and nothing but jose types.
import type { CryptoKey, KeyObject } from 'jose'

/** HMAC algorithms a shared `secret` signs with. */
export type ChatKitTokenHmacAlgorithm = keyof typeof MIN_SECRET_BYTES

/** Asymmetric algorithms a `privateKey` signs with (and its public key verifies), in one list. */
export const ASYMMETRIC_ALGORITHMS = [
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
] as const

/** Asymmetric algorithms a `privateKey` signs with (and its public key verifies). */
export type ChatKitTokenAsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number]

/** Every JWS algorithm a ChatKit token may be signed with. Never `none`. */
export type ChatKitTokenAlgorithm = ChatKitTokenHmacAlgorithm | ChatKitTokenAsymmetricAlgorithm

/**
 * A key for an asymmetric algorithm: a Web Crypto `CryptoKey`, a Node.js `KeyObject`, or a
 * PEM string (PKCS #8 `BEGIN PRIVATE KEY` to sign, SPKI `BEGIN PUBLIC KEY` to verify).
 */
export type ChatKitTokenKey = CryptoKey | KeyObject | string

/** Shortest secret per HMAC algorithm, in bytes: the hash size, as RFC 7518 (section 3.2) requires. */
export const MIN_SECRET_BYTES = {
  HS256: 32,
  HS384: 48,
  HS512: 64,
} as const satisfies Record<`HS${number}`, number>

/** Whether `value` is an HMAC algorithm name. */
export function isHmacAlgorithm(value: unknown): value is ChatKitTokenHmacAlgorithm {
  return typeof value === 'string' && Object.hasOwn(MIN_SECRET_BYTES, value)
}

/** Whether `value` is an asymmetric algorithm name. */
export function isAsymmetricAlgorithm(value: unknown): value is ChatKitTokenAsymmetricAlgorithm {
  return typeof value === 'string' && (ASYMMETRIC_ALGORITHMS as readonly string[]).includes(value)
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

/**
 * The `typ` header of every ChatKit token, and the only one the verifier accepts (RFC 8725,
 * section 3.11): a JWT minted for something else, with the same key, is not a ChatKit token.
 */
export const CHATKIT_TOKEN_TYPE = 'chatkit+jwt'

/**
 * Longest token lifetime, in seconds: the action cuts a longer `ttlSeconds` to it, and the
 * verifier refuses a longer `exp - iat` (plus the clock tolerance). Core's
 * `MAX_SESSION_LIFETIME_SECONDS`, repeated so that the verifier entry imports nothing but jose.
 */
export const MAX_TOKEN_TTL_SECONDS = 600

// Keys that would reach an object's prototype, or read as if they had, in whoever handles the claims next.
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/** A copy of `claims` without `__proto__`, `constructor` and `prototype` keys. */
export function withoutPrototypeKeys<T extends object>(claims: T): T {
  return Object.fromEntries(Object.entries(claims).filter(([key]) => !PROTOTYPE_KEYS.has(key))) as T
}

/**
 * The Web Crypto `algorithm.name`s and Node.js `asymmetricKeyType`s that fit an algorithm, the
 * hash a Web Crypto RSA key must be bound to, and an EC key's curve (Web Crypto name, Node name).
 */
interface KeyRequirement {
  webCrypto: readonly string[]
  node: readonly string[]
  hash?: string
  curve?: readonly [string, string]
}

const RSA_PKCS1 = { webCrypto: ['RSASSA-PKCS1-v1_5'], node: ['rsa'] }
const RSA_PSS = { webCrypto: ['RSA-PSS'], node: ['rsa', 'rsa-pss'] }
const ECDSA = { webCrypto: ['ECDSA'], node: ['ec'] }

const KEY_REQUIREMENTS: Readonly<Record<ChatKitTokenAsymmetricAlgorithm, KeyRequirement>> = {
  RS256: { ...RSA_PKCS1, hash: 'SHA-256' },
  RS384: { ...RSA_PKCS1, hash: 'SHA-384' },
  RS512: { ...RSA_PKCS1, hash: 'SHA-512' },
  PS256: { ...RSA_PSS, hash: 'SHA-256' },
  PS384: { ...RSA_PSS, hash: 'SHA-384' },
  PS512: { ...RSA_PSS, hash: 'SHA-512' },
  ES256: { ...ECDSA, curve: ['P-256', 'prime256v1'] },
  ES384: { ...ECDSA, curve: ['P-384', 'secp384r1'] },
  ES512: { ...ECDSA, curve: ['P-521', 'secp521r1'] },
  EdDSA: { webCrypto: ['Ed25519', 'Ed448'], node: ['ed25519', 'ed448'] },
  Ed25519: { webCrypto: ['Ed25519'], node: ['ed25519'] },
}

/** Shortest RSA modulus jose signs or verifies with, in bits. */
const MIN_RSA_BITS = 2048

function read(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
}

/** Whether a `KeyObject` (Node) or a `CryptoKey` (Web Crypto) can sign or verify as required. */
function fits(key: object, requirement: KeyRequirement): boolean {
  const rsa = requirement.hash !== undefined
  const nodeType = read(key, 'asymmetricKeyType')
  if (typeof nodeType === 'string') {
    const details = read(key, 'asymmetricKeyDetails')
    if (!requirement.node.includes(nodeType)) return false
    if (requirement.curve !== undefined && read(details, 'namedCurve') !== requirement.curve[1]) return false
    const bits = read(details, 'modulusLength')
    return !rsa || (typeof bits === 'number' && bits >= MIN_RSA_BITS)
  }
  const algorithm = read(key, 'algorithm')
  const name = read(algorithm, 'name')
  if (typeof name !== 'string' || !requirement.webCrypto.includes(name)) return false
  if (requirement.curve !== undefined && read(algorithm, 'namedCurve') !== requirement.curve[0]) return false
  if (!rsa) return true
  const bits = read(algorithm, 'modulusLength')
  return (
    read(read(algorithm, 'hash'), 'name') === requirement.hash &&
    typeof bits === 'number' &&
    bits >= MIN_RSA_BITS
  )
}

/**
 * Throws a `TypeError` naming `option` when `key` cannot sign or verify `algorithm` (an EC key
 * for RS256, a P-256 key for ES384, an RSA key under 2048 bits): otherwise every token would
 * fail to sign, or every valid token look `malformed`, long after start-up.
 */
export function checkKeyFits(key: object, algorithm: ChatKitTokenAsymmetricAlgorithm, option: string): void {
  if (!fits(key, KEY_REQUIREMENTS[algorithm]))
    throw new TypeError(`${option}: the key does not fit ${algorithm}`)
}
