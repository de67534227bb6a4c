import { ChatKitSessionError } from '@chatkit-session/core'
import type { ChatKitAction } from './chatKitErrorContext.ts'
import { createMemoryLimitStore } from './createMemoryLimitStore.ts'
import type { LimitCheck, LimitStore, LimitTier } from './limitStore.ts'
import {
  checkClientIpTrust,
  resolveClientIp,
  type ClientIpTrust,
  type HeadersLike,
} from './resolveClientIp.ts'

/** One rule of a tier: at most `limit` issuances in any `window` milliseconds, refilled evenly. */
export interface IssuanceLimitRule {
  /** Issuances allowed at once, and per `window` on average. A whole number, at least 1. */
  limit: number
  /** The window, in milliseconds (`60_000` is a minute). A whole number, at least 1. */
  window: number
}

/**
 * Per user: a burst of 20 (five tabs opened at once, each mounted twice in development) and 20
 * a minute, within 120 an hour. Five tabs open all day, each renewing a 5-minute token a minute
 * before expiry, take 75 an hour: never refused. A loop is refused after its 20th call, within
 * a second, and then gets one call per 3 s at most, 2 a minute after its first hour's 120.
 */
export const DEFAULT_USER_LIMITS: readonly IssuanceLimitRule[] = [
  { limit: 20, window: 60_000 },
  { limit: 120, window: 3_600_000 },
]

/**
 * Per client IP, when `clientIp` says whom to trust: 60 a minute within 1,000 an hour. Offices
 * and carrier-grade NAT put many people behind one address (a daily cap of 100 per IP locked them
 * out elsewhere): 1,000 an hour is about 13 such all-day users, and far more ordinary visits.
 */
export const DEFAULT_IP_LIMITS: readonly IssuanceLimitRule[] = [
  { limit: 60, window: 60_000 },
  { limit: 1_000, window: 3_600_000 },
]

/** `limits` of the issuing factories: tiers of rules, checked per user, per client IP, then globally. */
export interface IssuanceLimits {
  /**
   * The key that hashes user ids and IPs into store keys (HMAC-SHA256), so the store never holds
   * either in clear: a string or bytes, at least 32 bytes (`openssl rand -base64 32`), the same on
   * every instance, used for nothing else.
   */
  secret: string | Uint8Array
  /**
   * Rules per user (the `getUser` id); `[]` turns the tier off.
   * @default DEFAULT_USER_LIMITS (20 a minute within 120 an hour)
   */
  user?: readonly IssuanceLimitRule[]
  /**
   * Rules per client IP; applied only when `clientIp` is set. `[]` turns the tier off.
   * @default DEFAULT_IP_LIMITS (60 a minute within 1,000 an hour)
   */
  ip?: readonly IssuanceLimitRule[]
  /**
   * Rules for all callers together: a ceiling on what the app spends, whoever calls.
   * @default [] (off)
   */
  global?: readonly IssuanceLimitRule[]
  /**
   * Whose word on the client's address to trust (see {@link ClientIpTrust}).
   * @default undefined (the IP tier is off: every address header can be forged)
   */
  clientIp?: ClientIpTrust
  /**
   * Where the counts live: `createMemoryLimitStore()` for one process, `createRedisLimitStore()`
   * for many instances.
   * @default createMemoryLimitStore() (one per factory)
   */
  store?: LimitStore
}

/** What the action knows of the request that called it. */
export interface LimitRequest {
  headers: HeadersLike | undefined
  request: Request | undefined
}

/** A refusal: the error for the browser and the tier for `onError`. */
export interface LimitRefusal {
  error: ChatKitSessionError
  tier: LimitTier | 'store'
}

/** The one message of every refusal: no limit, count or tier (those go to `onError` only). */
export const RATE_LIMITED_MESSAGE = 'Too many chat sessions were requested: try again later.'

const MIN_SECRET_BYTES = 32
const HASH_CACHE_SIZE = 1_000

function readRules(name: string, value: unknown, fallback: readonly IssuanceLimitRule[]) {
  if (value === undefined) return fallback
  const valid =
    Array.isArray(value) &&
    value.every(
      (rule: unknown) =>
        typeof rule === 'object' &&
        rule !== null &&
        'limit' in rule &&
        'window' in rule &&
        Number.isInteger(rule.limit) &&
        Number(rule.limit) >= 1 &&
        Number.isInteger(rule.window) &&
        Number(rule.window) >= 1,
    )
  if (!valid)
    throw new TypeError(`limits.${name}: must be a list of { limit, window } with whole numbers >= 1`)
  return value as readonly IssuanceLimitRule[]
}

function base64url(bytes: ArrayBuffer): string {
  let text = ''
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte)
  return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

/**
 * Compiles `limits` into the check an action runs before it issues anything. Configuration
 * errors throw a `TypeError` here, naming the option, never its value.
 */
export function createIssuanceLimiter(
  limits: IssuanceLimits,
  action: ChatKitAction,
): (user: string, from: LimitRequest) => Promise<LimitRefusal | undefined> {
  if (typeof limits !== 'object' || limits === null) throw new TypeError('limits: must be an object')
  const secret: unknown =
    typeof limits.secret === 'string' ? new TextEncoder().encode(limits.secret) : limits.secret
  if (!(secret instanceof Uint8Array) || secret.byteLength < MIN_SECRET_BYTES) {
    throw new TypeError(`limits.secret: must be at least ${MIN_SECRET_BYTES} bytes`)
  }
  if (limits.clientIp !== undefined) checkClientIpTrust(limits.clientIp)
  const tiers: [LimitTier, readonly IssuanceLimitRule[]][] = [
    ['user', readRules('user', limits.user, DEFAULT_USER_LIMITS)],
    ['ip', limits.clientIp === undefined ? [] : readRules('ip', limits.ip, DEFAULT_IP_LIMITS)],
    ['global', readRules('global', limits.global, [])],
  ]
  const store = limits.store ?? createMemoryLimitStore()
  if (typeof store.hit !== 'function') throw new TypeError('limits.store: must have a hit(checks) method')
  const key = globalThis.crypto.subtle.importKey(
    'raw',
    new Uint8Array(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  // Recent hashes, so a returning user or address costs no HMAC: bounded, oldest out first.
  const hashes = new Map<string, string>()
  const hash = async (tier: LimitTier, value: string) => {
    const input = `${tier}\u0000${value}`
    const known = hashes.get(input)
    if (known !== undefined) return known
    const mac = await globalThis.crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(input))
    const hashed = base64url(mac.slice(0, 16))
    if (hashes.size >= HASH_CACHE_SIZE) hashes.delete(hashes.keys().next().value ?? '')
    hashes.set(input, hashed)
    return hashed
  }

  return async (user, from) => {
    const ip =
      limits.clientIp === undefined || from.headers === undefined
        ? undefined
        : resolveClientIp(limits.clientIp, from.headers, from.request)
    const checks: LimitCheck[] = []
    for (const [tier, rules] of tiers) {
      const value = tier === 'user' ? user : tier === 'ip' ? ip : ''
      if (rules.length === 0 || value === undefined) continue
      const id = tier === 'global' ? action : `${action}:${await hash(tier, value)}`
      for (const rule of rules) {
        checks.push({ tier, key: `${tier}:${id}:${rule.window}`, limit: rule.limit, windowMs: rule.window })
      }
    }
    if (checks.length === 0) return undefined
    const decision = await store.hit(checks)
    if (decision.allowed) return undefined
    return {
      tier: decision.refusedBy,
      error: new ChatKitSessionError('rate_limited', RATE_LIMITED_MESSAGE, {
        retryAfterMs: decision.retryAfterMs,
      }),
    }
  }
}
