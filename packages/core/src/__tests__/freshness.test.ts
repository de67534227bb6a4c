import { describe, expect, it } from 'vitest'
import {
  getRefreshMargin,
  getRefreshPoint,
  getRetryDelay,
  getSessionDeadline,
  getSessionStatus,
  getSessionTiming,
} from '../freshness.ts'

const HOUR = 3_600_000
const start = 1_700_000_000_000 // a local clock reading, ms
const noJitter = () => 0
const fullJitter = () => 0.999_999

/** A session the server issued `lifetime` seconds long at its own time `serverNow` (ms). */
function issued(lifetimeSeconds: number, serverNowMs: number, withServerTime = true) {
  const serverTime = Math.floor(serverNowMs / 1000)
  return {
    client_secret: 'ek_test',
    expires_at: serverTime + lifetimeSeconds,
    ...(withServerTime ? { server_time: serverTime } : {}),
  }
}

describe('refresh point for named lifetimes (server_time present, no skew, no jitter)', () => {
  it.each([
    [600, 60_000, 540_000],
    [20, 2_000, 18_000],
    [5, 500, 4_500],
    [1, 100, 900],
  ])(
    '%i s lifetime: margin %i ms, refresh %i ms after the request started',
    (lifetime, margin, refreshAfter) => {
      const timing = getSessionTiming(
        issued(lifetime, start),
        { requestedAt: start, receivedAt: start + 300 },
        { random: noJitter },
      )
      expect(getRefreshMargin(lifetime * 1000)).toBe(margin)
      expect(timing).toEqual({
        deadline: start + lifetime * 1000,
        lifetimeMs: lifetime * 1000,
        source: 'server_time',
        requestedAt: start,
        refreshAt: start + refreshAfter,
      })
    },
  )

  it('jitter gives back at most 20% of the margin', () => {
    const deadline = getSessionDeadline(issued(600, start), { requestedAt: start })
    expect(getRefreshPoint(deadline, { random: fullJitter })).toBeCloseTo(start + 552_000, -1)
    expect(getRefreshPoint(deadline, { random: () => 0.5 })).toBe(start + 546_000)
  })

  it('an overridden margin is capped at half the lifetime', () => {
    expect(getRefreshMargin(600_000, 120_000)).toBe(120_000)
    expect(getRefreshMargin(20_000, 60_000)).toBe(10_000)
    expect(getRefreshMargin(0)).toBe(0)
  })
})

describe('clock skew', () => {
  it.each([
    ['+2 h (client ahead)', 2 * HOUR],
    ['-2 h (client behind)', -2 * HOUR],
  ])('%s: with server_time the deadline is the same as without skew', (_name, skew) => {
    const serverNow = start - skew // the server's clock reads this while the client reads `start`
    const timing = getSessionTiming(
      issued(600, serverNow),
      { requestedAt: start, receivedAt: start + 1_000 },
      { random: noJitter },
    )
    expect(timing.deadline).toBe(start + 600_000)
    expect(timing.refreshAt).toBe(start + 540_000)
    expect(timing.source).toBe('server_time')
  })

  it('+2 h without server_time: the session looks expired locally, which is skew, so 600 s is assumed', () => {
    const deadline = getSessionDeadline(issued(300, start - 2 * HOUR, false), {
      requestedAt: start,
      receivedAt: start + 500,
    })
    expect(deadline).toEqual({ deadline: start + 600_000, lifetimeMs: 600_000, source: 'assumed' })
  })

  it('-2 h without server_time: a remainder of over 600 s is skew, clamped to 600 s from the request', () => {
    const deadline = getSessionDeadline(issued(600, start + 2 * HOUR, false), {
      requestedAt: start,
      receivedAt: start + 500,
    })
    expect(deadline).toEqual({ deadline: start + 600_000, lifetimeMs: 600_000, source: 'assumed' })
  })

  it('server_time absent and clocks agree: expires_at is read against the local clock', () => {
    const deadline = getSessionDeadline(issued(600, start, false), {
      requestedAt: start,
      receivedAt: start + 2_000,
    })
    expect(deadline).toEqual({ deadline: start + 600_000, lifetimeMs: 600_000, source: 'expires_at' })
  })

  it('an answer that is already expired on the server clock has zero lifetime', () => {
    const session = { client_secret: 'ek', expires_at: 1_000, server_time: 1_005 }
    const timing = getSessionTiming(session, { requestedAt: start }, { random: noJitter })
    expect(timing).toMatchObject({ deadline: start, lifetimeMs: 0, refreshAt: start })
  })

  it('a lifetime over 600 s on the server clock is clamped to 600 s', () => {
    const session = { client_secret: 'ek', expires_at: 10_000, server_time: 1_000 }
    expect(getSessionDeadline(session, { requestedAt: start }).lifetimeMs).toBe(600_000)
  })
})

describe('getRetryDelay', () => {
  it('doubles from 1 s with equal jitter, up to 30 s while a secret is held', () => {
    const far = start + 10 * HOUR // a long-lived secret, so the pull-in does not apply
    const delays = [1, 2, 3, 4, 5, 6, 7, 20].map((failureCount) =>
      getRetryDelay({ failureCount, now: start, deadline: far, random: noJitter }),
    )
    expect(delays).toEqual([1_000, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000])
    const maxed = [1, 3, 6].map((failureCount) =>
      getRetryDelay({ failureCount, now: start, deadline: far, random: fullJitter }),
    )
    expect(maxed.map(Math.round)).toEqual([1_000, 4_000, 30_000])
  })

  it.each([
    ['no secret yet', undefined],
    ['the secret has died', start - 1],
  ])('with %s, never waits over 4 s: the next retry is what ends an outage', (_name, deadline) => {
    const delays = [1, 2, 3, 4, 5, 20].map((failureCount) =>
      getRetryDelay({ failureCount, now: start, deadline, random: fullJitter }),
    )
    expect(delays.map(Math.round)).toEqual([1_000, 2_000, 4_000, 4_000, 4_000, 4_000])
    expect(getRetryDelay({ failureCount: 20, now: start, deadline, random: noJitter })).toBe(2_000)
    // A rate limit's retry-after still wins.
    expect(getRetryDelay({ failureCount: 20, now: start, deadline, retryAfterMs: 60_000 })).toBe(60_000)
  })

  it('fits the retry before the current secret dies', () => {
    expect(getRetryDelay({ failureCount: 6, now: start, deadline: start + 10_000, random: fullJitter })).toBe(
      5_000,
    )
  })

  it('never goes below the 1 s floor, even with a secret about to die or already dead', () => {
    expect(getRetryDelay({ failureCount: 1, now: start, deadline: start + 100, random: noJitter })).toBe(
      1_000,
    )
    expect(getRetryDelay({ failureCount: 1, now: start, deadline: start - 100, random: noJitter })).toBe(
      1_000,
    )
  })

  it('honours retry-after over the cap', () => {
    expect(
      getRetryDelay({ failureCount: 1, now: start, deadline: start + 10_000, retryAfterMs: 20_000 }),
    ).toBe(20_000)
  })
})

describe('getSessionStatus', () => {
  const timing = { deadline: start + 1_000 }
  it('is active before the deadline, expired at it, cancelled when the API says so', () => {
    expect(getSessionStatus({}, timing, start)).toBe('active')
    expect(getSessionStatus({}, timing, start + 1_000)).toBe('expired')
    expect(getSessionStatus({ status: 'cancelled' }, timing, start)).toBe('cancelled')
    expect(getSessionStatus({ status: 'expired' }, timing, start)).toBe('expired')
  })
})
