import type { SessionActionResult } from '@chatkit-session/core'
import { QueryClientProvider } from '@tanstack/react-query'
import { renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import type { InitialSession } from '../types.ts'
import { useChatKitSession } from '../useChatKitSession.ts'
import { START, createFakeAction, createTestQueryClient, installFakeClock, tick } from './helpers.tsx'

installFakeClock()

/** What the server's action returned while it rendered the page, `ageMs` before now. */
function prefetched(lifetimeSeconds: number, ageMs = 0): SessionActionResult {
  const created = Date.now() - ageMs
  return {
    ok: true,
    session: {
      id: 'cksess_prefetched',
      client_secret: 'ek_prefetched',
      expires_at: Math.floor(created / 1000) + lifetimeSeconds,
      server_time: created / 1000,
      status: 'active',
    },
  }
}

function setup(initialSession: InitialSession | undefined, lifetimeSeconds = 600) {
  const fake = createFakeAction({ lifetimeSeconds, latencyMs: 100 })
  const client = createTestQueryClient()
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  )
  const hook = renderHook(
    () => useChatKitSession({ createSession: fake.createSession, initialSession, random: () => 0 }),
    { wrapper },
  )
  return { fake, ...hook }
}

describe('initialSession (a session the server created while rendering the page)', () => {
  it('gives the first secret without a createSession call, then refreshes as usual', async () => {
    vi.advanceTimersByTime(300) // the page has been loading for 300 ms (performance.now())
    const { fake, result } = setup(Promise.resolve(prefetched(600, 200)))
    await tick(0)
    expect(result.current.status).toBe('active')
    expect(result.current.clientSecret).toBe('ek_prefetched')
    expect(fake.calls).toBe(0)
    // Its lifetime (expires_at - server_time = 599.9 s) counts from the navigation start, 300 ms
    // ago, not from when the answer arrived: never later than the true expiry.
    expect(result.current.expiresAt).toBe(START + 599_900)
    await tick(540_000 - 300) // the refresh point of a 600 s session, from the navigation start
    await tick(100)
    expect(fake.calls).toBe(1)
    expect(result.current.clientSecret).toBe('ek_secret_1')
  })

  it('takes a plain value as well as a promise', async () => {
    const { fake, result } = setup(prefetched(600))
    await tick(0)
    expect(result.current.clientSecret).toBe('ek_prefetched')
    expect(fake.calls).toBe(0)
  })

  it.each<[string, () => InitialSession]>([
    [
      'failed on the server',
      () => Promise.resolve({ ok: false, error: { code: 'server_error', message: 'x' } }),
    ],
    ['rejected', () => Promise.reject(new Error('stream closed'))],
    ['not a session', () => Promise.resolve({ hello: 'world' } as unknown as SessionActionResult)],
  ])('falls back to createSession when the prefetch %s', async (_name, initial) => {
    const { fake, result } = setup(initial())
    await tick(0)
    await tick(100)
    expect(fake.calls).toBe(1)
    expect(result.current.clientSecret).toBe('ek_secret_1')
    expect(result.current.error).toBeNull()
  })

  it('falls back when the page loaded so slowly that the prefetched session is past its refresh point', async () => {
    vi.advanceTimersByTime(19_000) // the navigation started 19 s ago
    const { fake, result } = setup(prefetched(20, 18_500), 20)
    await tick(0)
    await tick(100)
    expect(fake.calls).toBe(1)
    expect(result.current.clientSecret).toBe('ek_secret_1')
  })

  it('falls back when the prefetch never settles (a broken stream): a timed-out attempt, then a retry', async () => {
    const { fake, result } = setup(new Promise<never>(() => {}))
    await tick(14_999)
    expect(fake.calls).toBe(0)
    await tick(1) // the attempt's 15 s budget is spent: no createSession with nothing left of it
    expect(fake.calls).toBe(0)
    expect(result.current.failureReason).toMatchObject({ code: 'timeout' })
    await tick(1_000) // the first retry (1 s with random 0) calls createSession
    expect(fake.calls).toBe(1)
    await tick(100)
    expect(result.current.clientSecret).toBe('ek_secret_1')
  })

  it('is used once: restart() creates a new session', async () => {
    const { fake, result } = setup(prefetched(600))
    await tick(0)
    expect(result.current.clientSecret).toBe('ek_prefetched')
    void result.current.restart()
    await tick(100)
    expect(fake.calls).toBe(1)
    expect(result.current.clientSecret).toBe('ek_secret_1')
  })
})
