import { useChatKitSession } from '@chatkit-session/react'
import { createFakeSessionAction, createSeededRandom } from '@chatkit-session/testing'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { vi } from 'vitest'
import { naiveGetClientSecret, neverRefreshGetClientSecret } from './baselines.ts'

const HOUR = 3_600_000
const LIFETIME_S = 600
/** The ideal: one session per (lifetime - 60 s margin). */
export const IDEAL_CALLS_PER_HOUR = 3_600 / (LIFETIME_S - 60)

export type Contender = 'ours' | 'naive' | 'never-refresh'

export interface SoakResult {
  contender: Contender
  asks: number
  failedAsks: number
  expiredHandedOut: number
  actionCalls: number
  callsPerHour: number
  ratioToIdeal: number
}

/**
 * 24 simulated hours: 600 s sessions, latency uniform 50 ms - 5 s, 10% transient failures, the
 * client clock skewed by up to +-2 h, a ChatKit-like caller asking every 30 s and on every
 * "message" (random gaps of 0-120 s). Counts expired secrets handed out (checked on the
 * server's clock) and action calls.
 */
export async function freshnessSoak(contender: Contender, seed: number): Promise<SoakResult> {
  vi.useFakeTimers({ now: new Date('2026-11-25T00:00:00Z').getTime() })
  const rng = createSeededRandom(seed)
  const serverClockOffsetMs = Math.round((rng() * 2 - 1) * 2 * HOUR)
  const action = createFakeSessionAction({
    lifetimeSeconds: LIFETIME_S,
    latencyMs: () => 50 + rng() * 4_950,
    failRate: 0.1,
    random: rng,
    serverClockOffsetMs,
  })

  let getClientSecret: (current: string | null) => Promise<string>
  let cleanup = () => {}
  if (contender === 'ours') {
    const client = new QueryClient()
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    )
    const hook = renderHook(() => useChatKitSession({ createSession: action, random: rng }), { wrapper })
    getClientSecret = (current) => hook.result.current.getClientSecret(current)
    cleanup = () => {
      hook.unmount()
      client.clear()
    }
  } else {
    getClientSecret =
      contender === 'naive' ? naiveGetClientSecret(action) : neverRefreshGetClientSecret(action)
  }

  let asks = 0
  let failedAsks = 0
  let expiredHandedOut = 0
  const ask = () => {
    asks += 1
    getClientSecret(null).then(
      (secret) => {
        const issued = action.issued.find((session) => session.client_secret === secret)
        if (!issued || Date.now() + serverClockOffsetMs >= issued.expires_at * 1000) expiredHandedOut += 1
      },
      () => {
        failedAsks += 1
      },
    )
  }
  const poll = setInterval(ask, 30_000)
  let message: ReturnType<typeof setTimeout> | undefined
  const nextMessage = () => {
    message = setTimeout(() => {
      ask()
      nextMessage()
    }, rng() * 120_000)
  }
  nextMessage()

  for (let hour = 0; hour < 24; hour += 1) {
    await act(async () => {
      await vi.advanceTimersByTimeAsync(HOUR)
    })
  }
  clearInterval(poll)
  clearTimeout(message)
  await act(async () => {
    await vi.advanceTimersByTimeAsync(10_000) // let answers in flight land
  })
  cleanup()
  vi.useRealTimers()
  const callsPerHour = action.calls / 24
  return {
    contender,
    asks,
    failedAsks,
    expiredHandedOut,
    actionCalls: action.calls,
    callsPerHour,
    ratioToIdeal: callsPerHour / IDEAL_CALLS_PER_HOUR,
  }
}
