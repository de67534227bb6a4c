import type { ChatKitSessionErrorCode, SessionActionResult } from '@chatkit-session/core'
import { QueryClient } from '@tanstack/react-query'
import { act } from '@testing-library/react'
import { afterEach, beforeEach, vi } from 'vitest'

/** The fake clock's start in every test of this package. */
export const START = new Date('2026-11-25T12:00:00Z').getTime()

/** Puts the test file on Vitest's fake clock, starting at {@link START}. */
export function installFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ now: START })
  })
  afterEach(() => {
    vi.useRealTimers()
  })
}

/** Advances the fake clock inside act(), running the timers and promises that come due. */
export const tick = (ms: number) =>
  act(async () => {
    await vi.advanceTimersByTimeAsync(ms)
  })

/** A fresh QueryClient per test; retry settings come from the hook itself. */
export function createTestQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false } } })
}

export interface IssuedSession {
  id: string
  client_secret: string
  expires_at: number
  server_time: number
}

/** Resolves after `ms` on the (fake) clock; at once for 0, since a fake clock that stands still runs no timer. */
function wait(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()
}

export interface FakeActionOptions {
  lifetimeSeconds?: number
  /** Latency in ms, or a function giving it per call. */
  latencyMs?: number | (() => number)
  /** Server clock minus client clock, ms. */
  serverOffsetMs?: number
  /** Decide per call (1-based) whether to fail, and how. */
  fail?: (call: number) => SessionActionResult | undefined
}

/**
 * A fake session server action on Vitest's fake clock: answers after `latencyMs` (setTimeout),
 * stamps `server_time` on its own (offset) clock, records every session it issues.
 */
export function createFakeAction(options: FakeActionOptions = {}) {
  const { lifetimeSeconds = 600, latencyMs = 0, serverOffsetMs = 0, fail } = options
  const issued: IssuedSession[] = []
  let calls = 0
  const serverNow = () => Date.now() + serverOffsetMs
  const createSession = async (): Promise<SessionActionResult> => {
    calls += 1
    const call = calls
    const latency = typeof latencyMs === 'function' ? latencyMs() : latencyMs
    await wait(latency / 2)
    const failure = fail?.(call)
    const created = serverNow()
    await wait(latency / 2)
    if (failure) return failure
    const session = {
      id: `cksess_${call}`,
      client_secret: `ek_secret_${call}`,
      expires_at: Math.floor(created / 1000) + lifetimeSeconds,
      server_time: created / 1000,
    }
    issued.push(session)
    return { ok: true, session: { ...session, status: 'active' } }
  }
  return {
    createSession,
    issued,
    serverNow,
    get calls() {
      return calls
    },
  }
}

export const failure = (code: ChatKitSessionErrorCode, retryAfterMs?: number): SessionActionResult => ({
  ok: false,
  error: { code, message: `fake ${code}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
})
