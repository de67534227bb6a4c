import type { ApiSessionStatus } from './apiSessionStatus.ts'
import type { ClientSession } from './clientSession.ts'
import { MAX_SESSION_LIFETIME_SECONDS } from './limits.ts'

// The freshness model: pure functions of (session, clock readings, options). No timers and
// no Date.now(): callers pass the clock, so every delay here is exact in a test.

/** Longest lifetime the API issues, in milliseconds. */
export const MAX_SESSION_LIFETIME_MS = MAX_SESSION_LIFETIME_SECONDS * 1000
/** Refresh margin of a full 600 s session, in milliseconds. */
export const DEFAULT_REFRESH_MARGIN_MS = 60_000
/** Shorter sessions refresh this fraction of their lifetime before the deadline. */
export const REFRESH_MARGIN_RATIO = 0.1
/** The margin never exceeds this fraction of the lifetime, so short sessions never loop. */
export const MAX_REFRESH_MARGIN_RATIO = 0.5
/** Up to this fraction of the margin is given back at random, so tabs do not refresh in step. */
export const REFRESH_JITTER_RATIO = 0.2
/** No retry comes sooner than this, in milliseconds, whatever the answer was. */
export const MIN_RETRY_DELAY_MS = 1_000
/** First retry delay before jitter, in milliseconds; it doubles with each failure. */
export const BASE_RETRY_DELAY_MS = 1_000
/** Longest retry delay while a valid secret is held, in milliseconds, unless the server asks for longer. */
export const MAX_RETRY_DELAY_MS = 30_000
/**
 * Longest retry delay while no valid secret is held (the first session, or after the deadline),
 * in milliseconds, unless the server asks for longer. ChatKit cannot work then and a person is
 * waiting: with no event that says a failing server or network is back, the next retry is what
 * ends the outage, so it comes within 4 s (2 to 4 s with jitter: at most one call every 2 s
 * per tab). A rate limit's `retry-after` still wins.
 */
export const MAX_RETRY_DELAY_WITHOUT_SECRET_MS = 4_000

/** Local clock readings (ms) around the request that produced a session. */
export interface RequestClock {
  /** Local clock reading when the request started. */
  requestedAt: number
  /**
   * Local clock reading when the answer arrived.
   * @default requestedAt
   */
  receivedAt?: number
}

/** Where a session's local deadline comes from. */
export interface SessionDeadline {
  /** Local clock reading (ms) at which the secret must be treated as dead. */
  deadline: number
  /** The lifetime (ms) the deadline assumes, counted from the request's start. */
  lifetimeMs: number
  /**
   * - `server_time`: lifetime measured on the server's clock, applied from the request's
   *   start. Exact under any clock skew.
   * - `expires_at`: no `server_time`; `expires_at` read against the local clock, which looked
   *   plausible (0 < remaining <= 600 s).
   * - `assumed`: no `server_time`, and the local clock disagreed with `expires_at` (a
   *   remainder <= 0 or > 600 s can only be skew); the API's 600 s maximum is assumed.
   */
  source: 'server_time' | 'expires_at' | 'assumed'
}

/**
 * The local deadline of a session.
 *
 * With `server_time`, the lifetime is `expires_at - server_time` on the server's clock,
 * applied from the local moment the request *started*: skew cancels out, and the deadline
 * is never later than the true expiry (the session was created after the request started).
 *
 * Without it, `expires_at` is compared with the local clock when the answer arrived. We
 * assume the API never issues a session that is already expired or lives over 600 s, so a
 * remainder outside (0, 600] s is clock skew: the deadline is then the request's start plus
 * 600 s. Return `server_time` from your action (the server helpers do) to avoid guessing.
 */
export function getSessionDeadline(
  session: Pick<ClientSession, 'expires_at' | 'server_time'>,
  clock: RequestClock,
): SessionDeadline {
  const { requestedAt, receivedAt = requestedAt } = clock
  if (session.server_time !== undefined) {
    const lifetimeMs = clamp((session.expires_at - session.server_time) * 1000, 0, MAX_SESSION_LIFETIME_MS)
    return { deadline: requestedAt + lifetimeMs, lifetimeMs, source: 'server_time' }
  }
  const expiresAtMs = session.expires_at * 1000
  const remainingMs = expiresAtMs - receivedAt
  if (remainingMs > 0 && remainingMs <= MAX_SESSION_LIFETIME_MS) {
    return { deadline: expiresAtMs, lifetimeMs: expiresAtMs - requestedAt, source: 'expires_at' }
  }
  return {
    deadline: requestedAt + MAX_SESSION_LIFETIME_MS,
    lifetimeMs: MAX_SESSION_LIFETIME_MS,
    source: 'assumed',
  }
}

/**
 * How long before the deadline to fetch the next session: 60 s for a 600 s session, 10% of
 * the lifetime for shorter ones (2 s for 20 s, 0.5 s for 5 s), and never more than half the
 * lifetime, even when overridden.
 *
 * @param lifetimeMs the session's lifetime
 * @param refreshMarginMs an override of the default margin
 */
export function getRefreshMargin(lifetimeMs: number, refreshMarginMs?: number): number {
  const margin = refreshMarginMs ?? Math.min(DEFAULT_REFRESH_MARGIN_MS, lifetimeMs * REFRESH_MARGIN_RATIO)
  return clamp(margin, 0, Math.max(0, lifetimeMs) * MAX_REFRESH_MARGIN_RATIO)
}

/** Options of {@link getRefreshPoint}. */
export interface RefreshPointOptions {
  /**
   * Override of the refresh margin, in milliseconds (capped at half the lifetime).
   * @default 10% of the lifetime, at most 60 s
   */
  refreshMarginMs?: number
  /**
   * Source of randomness in [0, 1) for the jitter.
   * @default Math.random
   */
  random?: () => number
}

/**
 * The local clock reading (ms) at which to fetch the next session: the deadline minus the
 * margin, plus a random part of up to 20% of the margin, so the refresh still lands at least
 * 80% of the margin before the deadline and many tabs do not refresh together.
 */
export function getRefreshPoint(deadline: SessionDeadline, options: RefreshPointOptions = {}): number {
  const { refreshMarginMs, random = Math.random } = options
  const margin = getRefreshMargin(deadline.lifetimeMs, refreshMarginMs)
  const jitter = clamp(random(), 0, 1) * margin * REFRESH_JITTER_RATIO
  return deadline.deadline - margin + jitter
}

/** Everything the scheduler needs to know about one session's time. */
export interface SessionTiming extends SessionDeadline {
  /** Local clock reading (ms) when the request for this session started. */
  requestedAt: number
  /** Local clock reading (ms) at which to fetch the next session. */
  refreshAt: number
}

/** {@link getSessionDeadline} and {@link getRefreshPoint} in one call. */
export function getSessionTiming(
  session: Pick<ClientSession, 'expires_at' | 'server_time'>,
  clock: RequestClock,
  options: RefreshPointOptions = {},
): SessionTiming {
  const deadline = getSessionDeadline(session, clock)
  return { ...deadline, requestedAt: clock.requestedAt, refreshAt: getRefreshPoint(deadline, options) }
}

/** Options of {@link getRetryDelay}. */
export interface RetryDelayOptions {
  /** Failures so far in this run of attempts: 1 before the first retry. */
  failureCount: number
  /** The local clock reading now (ms). */
  now: number
  /** Deadline of the secret still held, if any: retries are pulled in to fit before it. */
  deadline?: number
  /** How long the server asked us to wait (429 `retry-after`), in milliseconds. */
  retryAfterMs?: number
  /**
   * Source of randomness in [0, 1) for the jitter.
   * @default Math.random
   */
  random?: () => number
}

/**
 * How long to wait before trying again after a failure: exponential backoff with "equal
 * jitter" (half fixed, half random), at most half the life the current secret has left so a
 * retry still lands before it dies, capped lower while no valid secret is held (a person is
 * waiting), never below `MIN_RETRY_DELAY_MS`, and never sooner than the server's `retryAfterMs`.
 */
export function getRetryDelay(options: RetryDelayOptions): number {
  const { failureCount, now, deadline, retryAfterMs = 0, random = Math.random } = options
  const holdsSecret = deadline !== undefined && deadline > now
  const ceiling = holdsSecret ? MAX_RETRY_DELAY_MS : MAX_RETRY_DELAY_WITHOUT_SECRET_MS
  const exponent = clamp(Math.floor(failureCount) - 1, 0, 30)
  const backoff = Math.min(ceiling, BASE_RETRY_DELAY_MS * 2 ** exponent)
  let delay = backoff / 2 + (clamp(random(), 0, 1) * backoff) / 2
  if (holdsSecret) delay = Math.min(delay, (deadline - now) / 2)
  return Math.max(MIN_RETRY_DELAY_MS, delay, Number.isFinite(retryAfterMs) ? retryAfterMs : 0)
}

/**
 * The state of a session at a local clock reading: `cancelled` if the API said so,
 * `expired` once the local deadline has passed (or the API said so), else `active`.
 */
export function getSessionStatus(
  session: Pick<ClientSession, 'status'>,
  timing: Pick<SessionDeadline, 'deadline'>,
  now: number,
): ApiSessionStatus {
  if (session.status === 'cancelled') return 'cancelled'
  if (session.status === 'expired' || now >= timing.deadline) return 'expired'
  return 'active'
}

function clamp(value: number, min: number, max: number): number {
  if (Number.isNaN(value)) return min
  return Math.min(max, Math.max(min, value))
}
