const WINDOW_MS = 60_000

/** What {@link RateLimiter.take} decided. */
export type RateLimitDecision = { ok: true } | { ok: false; retryAfterSeconds: number }

/** A sliding one-minute window of requests per key. */
export interface RateLimiter {
  /** Counts one request for `key`, or refuses it with the whole seconds to wait. */
  take: (key: string) => RateLimitDecision
  clear: () => void
}

/**
 * Creates a {@link RateLimiter} allowing `requestsPerMinute` requests per key in any 60 s
 * window. Keys are held in memory only, never logged.
 */
export function createRateLimiter(requestsPerMinute: number, now: () => number): RateLimiter {
  if (!Number.isInteger(requestsPerMinute) || requestsPerMinute < 1) {
    throw new RangeError('rateLimit.requestsPerMinute must be an integer >= 1')
  }
  const windows = new Map<string, number[]>()
  return {
    take(key) {
      const at = now()
      const recent = (windows.get(key) ?? []).filter((time) => time > at - WINDOW_MS)
      windows.set(key, recent)
      const oldest = recent[0]
      if (oldest !== undefined && recent.length >= requestsPerMinute) {
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + WINDOW_MS - at) / 1000)) }
      }
      recent.push(at)
      return { ok: true }
    },
    clear: () => windows.clear(),
  }
}
