import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { getRefreshMargin, getRetryDelay, getSessionTiming } from '../freshness.ts'

const DAY = 86_400_000
const SERVER_EPOCH = 1_750_000_000_000

const skew = fc.integer({ min: -DAY, max: DAY }) // client clock minus server clock, ms
const lifetime = fc.integer({ min: 1, max: 600 }) // seconds
const latency = fc.integer({ min: 0, max: 30_000 }) // ms, split between the trip out and back
const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })

/**
 * One request against a fake server: the client starts at `clientStart` on its own clock; the
 * API creates the session when the request reaches it, with whole-second `created_at` and
 * `expires_at` as the real API does, and the server action stamps `server_time` (ms precision)
 * when the answer reaches it, half the trip back later. With `exact`, the session gets exactly its
 * nominal lifetime (no whole-second truncation, no hop), so a request count can be bounded by it.
 */
function request(
  clientStart: number,
  skewMs: number,
  lifetimeS: number,
  outMs: number,
  backMs: number,
  exact = false,
) {
  const serverCreatedMs = clientStart - skewMs + outMs
  const expiresAt = exact
    ? serverCreatedMs / 1000 + lifetimeS
    : Math.floor(serverCreatedMs / 1000) + lifetimeS
  const serverTime = exact ? serverCreatedMs / 1000 : (serverCreatedMs + backMs / 2) / 1000
  const session = { client_secret: 'ek', expires_at: expiresAt, server_time: serverTime }
  return { session, trueExpiryLocal: expiresAt * 1000 + skewMs, receivedAt: clientStart + outMs + backMs }
}

describe('freshness model properties', () => {
  it('the refresh point and the deadline come before the true expiry, whatever the skew', () => {
    fc.assert(
      fc.property(skew, lifetime, latency, unit, unit, (skewMs, lifetimeS, latencyMs, split, random) => {
        fc.pre(latencyMs < lifetimeS * 1000)
        const out = Math.floor(latencyMs * split)
        const clientStart = SERVER_EPOCH + skewMs
        const { session, trueExpiryLocal, receivedAt } = request(
          clientStart,
          skewMs,
          lifetimeS,
          out,
          latencyMs - out,
        )
        const timing = getSessionTiming(
          session,
          { requestedAt: clientStart, receivedAt },
          { random: () => random },
        )
        expect(timing.deadline).toBeLessThanOrEqual(trueExpiryLocal)
        expect(timing.refreshAt).toBeLessThanOrEqual(timing.deadline)
        if (timing.lifetimeMs > 0) expect(timing.refreshAt).toBeLessThan(trueExpiryLocal)
        expect(timing.refreshAt).toBeGreaterThanOrEqual(clientStart)
      }),
      { numRuns: 2_000 },
    )
  })

  it('retry delays are finite, non-negative and at least the floor', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000 }),
        fc.option(fc.integer({ min: -DAY, max: DAY })),
        fc.option(fc.integer({ min: 0, max: 3_600_000 })),
        unit,
        (failureCount, deadlineOffset, retryAfterMs, random) => {
          const now = SERVER_EPOCH
          const delay = getRetryDelay({
            failureCount,
            now,
            deadline: deadlineOffset === null ? undefined : now + deadlineOffset,
            retryAfterMs: retryAfterMs ?? undefined,
            random: () => random,
          })
          expect(Number.isFinite(delay)).toBe(true)
          expect(delay).toBeGreaterThanOrEqual(1_000)
          if (retryAfterMs !== null) expect(delay).toBeGreaterThanOrEqual(retryAfterMs)
        },
      ),
      { numRuns: 2_000 },
    )
  })

  it('an hour of refreshes with no failures stays within ceil(3600 / (lifetime - margin)) + 1 requests', () => {
    fc.assert(
      fc.property(
        skew,
        lifetime,
        fc.integer({ min: 0, max: 30_000 }),
        fc.integer(),
        (skewMs, lifetimeS, maxLatency, seed) => {
          fc.pre(maxLatency < lifetimeS * 1000)
          const rng = mulberry32(seed)
          let now = SERVER_EPOCH + skewMs
          const end = now + 3_600_000
          let requests = 0
          while (now < end) {
            requests += 1
            const latencyMs = Math.floor(rng() * maxLatency)
            const out = Math.floor(latencyMs / 2)
            const { session, receivedAt } = request(now, skewMs, lifetimeS, out, latencyMs - out, true)
            const timing = getSessionTiming(session, { requestedAt: now, receivedAt }, { random: rng })
            now = Math.max(timing.refreshAt, receivedAt)
          }
          const lifetimeMs = lifetimeS * 1000
          expect(requests).toBeLessThanOrEqual(
            Math.ceil(3_600_000 / (lifetimeMs - getRefreshMargin(lifetimeMs))) + 1,
          )
        },
      ),
      { numRuns: 300 },
    )
  })
})

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
