import { QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { createSeededRandom } from '@chatkit-session/testing'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { useChatKitSession } from '../useChatKitSession.ts'
import { createFakeAction, createTestQueryClient, failure } from './helpers.tsx'

const HOUR = 3_600_000

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-25T00:00:00Z').getTime() })
})
afterEach(() => {
  vi.useRealTimers()
})

it.each([1, 2, 3])(
  'soak with seed %i: 24 h of 600 s sessions, 0-5 s latency, 10 percent failures, +-2 h skew, sleeps',
  async (seed) => {
    const rng = createSeededRandom(seed)
    const serverOffsetMs = Math.round((rng() * 2 - 1) * 2 * HOUR)
    let failures = 0
    const fake = createFakeAction({
      lifetimeSeconds: 600,
      latencyMs: () => rng() * 5_000,
      serverOffsetMs,
      fail: () => {
        if (rng() >= 0.1) return undefined
        failures += 1
        return failure('server_error')
      },
    })
    const client = createTestQueryClient()
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    )
    const { result, unmount } = renderHook(
      () => useChatKitSession({ createSession: fake.createSession, random: rng }),
      { wrapper },
    )

    // A ChatKit-like caller asks every 30 s; each answer is checked on the server's clock.
    let handedOut = 0
    const expiredHandedOut: string[] = []
    const asker = setInterval(() => {
      void result.current.getClientSecret(null).then((secret) => {
        handedOut += 1
        const issued = fake.issued.find((s) => s.client_secret === secret)
        if (!issued || fake.serverNow() >= issued.expires_at * 1000) expiredHandedOut.push(secret)
      })
    }, 30_000)

    let sleeps = 0
    for (let hour = 0; hour < 24; hour += 1) {
      await act(async () => {
        await vi.advanceTimersByTimeAsync(HOUR)
      })
      // Now and then the laptop sleeps: the clock jumps up to 20 minutes and no timer fires.
      if (rng() < 0.3) {
        sleeps += 1
        vi.setSystemTime(Date.now() + rng() * 20 * 60_000)
      }
    }
    clearInterval(asker)
    unmount()

    const ideal = (24 * HOUR) / (600_000 - 60_000)
    expect(expiredHandedOut).toEqual([])
    expect(handedOut).toBeGreaterThan(2_800)
    expect(fake.calls).toBeLessThanOrEqual(Math.ceil(ideal * 1.1) + failures + sleeps)
    expect(fake.calls).toBeGreaterThanOrEqual(Math.floor(ideal))
  },
  30_000,
)
