import {
  MAX_SESSION_LIFETIME_SECONDS,
  type ClientSession,
  type SessionActionError,
  type SessionActionResult,
} from '@chatkit-session/core'
import { createClientSecret, createSessionId } from './sessionTokens.ts'
import { checkLifetimeSeconds } from './checkLifetimeSeconds.ts'
import { sleep } from './sleep.ts'

/** A fixed latency in milliseconds, or a function drawing one per call. */
export type FakeLatency = number | (() => number)

/** One call of a {@link FakeSessionAction}, as its `fail` option sees it. */
export interface FakeSessionActionCall {
  /** 1 for the first call, 2 for the second, ... */
  index: number
  input: unknown
}

/** Options of {@link createFakeSessionAction}. */
export interface FakeSessionActionOptions {
  /**
   * Lifetime of each issued session, in whole seconds (1..600), like `expires_after.seconds`.
   * @default 600
   */
  lifetimeSeconds?: number
  /**
   * How long each call takes, in milliseconds, waited with `setTimeout` (so fake timers control
   * it); a function is called once per call, for random latency.
   * @default 0
   */
  latencyMs?: FakeLatency
  /**
   * Fraction (0..1) of calls that fail with `server_error`, drawn with `random`.
   * @default 0
   */
  failRate?: number
  /**
   * Decides per call whether it fails: return an error to fail it, `undefined` to go on.
   * @default undefined (no call fails this way)
   */
  fail?: (call: FakeSessionActionCall) => SessionActionError | undefined
  /**
   * The local clock, in milliseconds.
   * @default Date.now
   */
  now?: () => number
  /**
   * How far the fake server's clock is ahead of `now` (negative: behind), in milliseconds.
   * Use it to show that a client copes with clock skew.
   * @default 0
   */
  serverClockOffsetMs?: number
  /**
   * Source of randomness in [0, 1) for `failRate`.
   * @default Math.random
   */
  random?: () => number
}

/** A session a {@link FakeSessionAction} issued, as it was returned. */
export interface FakeIssuedSession extends ClientSession {
  id: string
  status: 'active'
  /** The fake server's clock at issue, in Unix seconds with millisecond precision. */
  server_time: number
}

/**
 * A fake session *server action*: call it like the one `createChatKitSessionAction` makes.
 * It never touches the network and works in the browser, in Node and under fake timers.
 */
export interface FakeSessionAction {
  /** Issues a session, or fails, after the configured latency. Never throws. */
  (input?: unknown): Promise<SessionActionResult>
  /** How many times the action was called (cancels not counted). */
  readonly calls: number
  /** Every session issued so far, oldest first. */
  readonly issued: readonly FakeIssuedSession[]
  /** Ids of the sessions cancelled so far, in order. */
  readonly cancelled: readonly string[]
  /**
   * The matching cancel action: marks an issued session cancelled and returns it with
   * `status: 'cancelled'`; `not_found` for an id it never issued. Uses the same latency.
   */
  cancel: (sessionId: string) => Promise<SessionActionResult>
  setLatency: (latencyMs: FakeLatency) => void
  /** Changes the fraction (0..1) of calls that fail with `server_error`. */
  setFailRate: (failRate: number) => void
  /** Makes the next call fail with `error`; several calls queue up, one per call. */
  failNext: (error: SessionActionError) => void
  /** Changes the lifetime, in whole seconds (1..600), of the sessions issued from now on. */
  setLifetime: (seconds: number) => void
  /** Changes how far the fake server's clock is ahead of `now`, in milliseconds. */
  setServerClockOffset: (ms: number) => void
}

function checkFailRate(failRate: number): number {
  if (!(failRate >= 0 && failRate <= 1)) throw new RangeError('failRate must be between 0 and 1')
  return failRate
}

/**
 * Creates a {@link FakeSessionAction} for React tests and Storybook stories. Sessions look like
 * the server helpers' (`{ ok: true, session: { id, client_secret, expires_at, server_time,
 * status } }`): `server_time` has millisecond precision, `expires_at` is whole seconds.
 *
 * @example
 * const action = createFakeSessionAction({ lifetimeSeconds: 20, latencyMs: 300 })
 * action.failNext({ code: 'rate_limited', message: 'Slow down.', retryAfterMs: 2000 })
 * render(
 *   <ChatKitProvider createSession={action} cancelSession={action.cancel}>
 *     <ChatKitSessionBadge />
 *   </ChatKitProvider>,
 * )
 * await waitFor(() => expect(action.calls).toBe(1))
 */
export function createFakeSessionAction(options: FakeSessionActionOptions = {}): FakeSessionAction {
  const { fail, now = Date.now, random = Math.random } = options
  let lifetimeSeconds = checkLifetimeSeconds(options.lifetimeSeconds ?? MAX_SESSION_LIFETIME_SECONDS)
  let latency: FakeLatency = options.latencyMs ?? 0
  let failRate = checkFailRate(options.failRate ?? 0)
  let serverClockOffsetMs = options.serverClockOffsetMs ?? 0
  let calls = 0
  const queuedFailures: SessionActionError[] = []
  const issued: FakeIssuedSession[] = []
  const cancelled: string[] = []

  const wait = () => sleep(typeof latency === 'function' ? latency() : latency)

  const failure = (call: FakeSessionActionCall): SessionActionError | undefined => {
    const queued = queuedFailures.shift()
    if (queued !== undefined) return queued
    const failed = fail?.(call)
    if (failed !== undefined) return failed
    if (failRate > 0 && random() < failRate) {
      return { code: 'server_error', message: 'The fake session action failed (failRate).' }
    }
    return undefined
  }

  const action = async (input?: unknown): Promise<SessionActionResult> => {
    calls += 1
    const call = { index: calls, input }
    await wait()
    const error = failure(call)
    if (error !== undefined) return { ok: false, error: { ...error } }
    const serverTime = (now() + serverClockOffsetMs) / 1000
    const session: FakeIssuedSession = {
      id: createSessionId(),
      client_secret: createClientSecret(),
      expires_at: Math.floor(serverTime) + lifetimeSeconds,
      server_time: serverTime,
      status: 'active',
    }
    issued.push(session)
    return { ok: true, session: { ...session } }
  }

  const cancel = async (sessionId: string): Promise<SessionActionResult> => {
    await wait()
    const session = issued.find((candidate) => candidate.id === sessionId)
    if (session === undefined) {
      return { ok: false, error: { code: 'not_found', message: 'No such session.' } }
    }
    if (!cancelled.includes(sessionId)) cancelled.push(sessionId)
    return { ok: true, session: { ...session, status: 'cancelled' } }
  }

  const controls = {
    issued,
    cancelled,
    cancel,
    setLatency: (latencyMs: FakeLatency) => {
      latency = latencyMs
    },
    setFailRate: (rate: number) => {
      failRate = checkFailRate(rate)
    },
    failNext: (error: SessionActionError) => {
      queuedFailures.push(error)
    },
    setLifetime: (seconds: number) => {
      lifetimeSeconds = checkLifetimeSeconds(seconds)
    },
    setServerClockOffset: (ms: number) => {
      serverClockOffsetMs = ms
    },
  }
  const fake = Object.assign(action, controls, { calls })
  Object.defineProperty(fake, 'calls', { get: () => calls, enumerable: true })
  return fake
}
