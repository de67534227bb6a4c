/** One rule of a rate limit: at most `limit` calls in any `windowMs`, spread evenly. */
export interface RateLimitRule {
  /** Calls allowed at once, and per `windowMs` on average. A whole number, at least 1. */
  limit: number
  /** The window, in milliseconds. A whole number, at least 1. */
  windowMs: number
}

/** What {@link gcraStep} decided for one rule. */
export type GcraStep =
  | { allowed: true; /** The rule's new stored state: its theoretical arrival time, in ms. */ next: number }
  | { allowed: false; /** How long until one call fits again, in ms. */ retryAfterMs: number }

/**
 * The generic cell rate algorithm for one rule, as a pure function of the stored state (`tat`,
 * the theoretical arrival time in ms, or `undefined` for a key never seen), the clock reading and
 * the rule. A burst of `limit` calls fits at once; after that one call per `windowMs / limit`.
 * A refusal changes nothing: the caller stores `next` only when every rule allowed the call.
 * The memory store runs it; the Redis store's script runs the same arithmetic on Redis's clock.
 *
 * @example
 * gcraStep(undefined, 0, { limit: 2, windowMs: 1000 }) // { allowed: true, next: 500 }
 */
export function gcraStep(tat: number | undefined, now: number, rule: RateLimitRule): GcraStep {
  const interval = rule.windowMs / rule.limit
  const next = Math.max(tat ?? now, now) + interval
  const allowAt = next - rule.windowMs
  return allowAt > now ? { allowed: false, retryAfterMs: Math.ceil(allowAt - now) } : { allowed: true, next }
}
