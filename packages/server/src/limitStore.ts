/** Which tier of `limits` refused a call: for `onError` and server logs, never for the browser. */
export type LimitTier = 'user' | 'ip' | 'global'

/** One rule to check for one key, as the limiter hands it to a store. */
export interface LimitCheck {
  /** The tier the rule belongs to. */
  tier: LimitTier
  /** The store key: hashed with the server's key, never a raw user id or IP. */
  key: string
  /** Calls allowed at once, and per `windowMs` on average. */
  limit: number
  /** The window, in milliseconds. */
  windowMs: number
}

/**
 * A store's answer: allowed (every rule spent one), or refused by the first rule that refused
 * (none spent). `refusedBy: 'store'` is a store that failed with `onFailure: 'deny'`.
 */
export type LimitDecision =
  { allowed: true } | { allowed: false; refusedBy: LimitTier | 'store'; retryAfterMs: number }

/**
 * Where limit state lives. `hit` checks every rule in the order given (most specific tier first)
 * and, only when all allow the call, spends one on each: atomically, so concurrent calls never
 * overshoot and a refused call spends nothing anywhere. See `createMemoryLimitStore` and
 * `createRedisLimitStore`.
 */
export interface LimitStore {
  hit: (checks: readonly LimitCheck[]) => Promise<LimitDecision>
}
