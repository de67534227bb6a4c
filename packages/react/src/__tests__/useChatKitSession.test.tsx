import { ChatKitSessionError } from '@chatkit-session/core'
import { act, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { StrictMode } from 'react'
import { QueryClientProvider } from '@tanstack/react-query'
import { describe, expect, it, vi } from 'vitest'
import type { UseChatKitSessionOptions } from '../types.ts'
import { useChatKitSession } from '../useChatKitSession.ts'
import {
  START,
  createFakeAction,
  createTestQueryClient,
  failure,
  tick,
  installFakeClock,
} from './helpers.tsx'

installFakeClock()

function setup(
  options: Partial<UseChatKitSessionOptions> & Pick<UseChatKitSessionOptions, 'createSession'>,
  strict = false,
) {
  const client = createTestQueryClient()
  const wrapper = ({ children }: { children: ReactNode }) => {
    const tree = <QueryClientProvider client={client}>{children}</QueryClientProvider>
    return strict ? <StrictMode>{tree}</StrictMode> : tree
  }
  const hook = renderHook(() => useChatKitSession({ random: () => 0, ...options }), { wrapper })
  return { client, ...hook }
}

describe('one request for many askers', () => {
  it('dedupes concurrent getClientSecret calls into one createSession', async () => {
    const fake = createFakeAction({ latencyMs: 200 })
    const { result } = setup({ createSession: fake.createSession })
    expect(result.current.status).toBe('loading')
    const secrets = Promise.all(Array.from({ length: 100 }, () => result.current.getClientSecret(null)))
    await tick(200)
    expect(await secrets).toEqual(Array.from({ length: 100 }, () => 'ek_secret_1'))
    expect(fake.calls).toBe(1)
    expect(result.current.status).toBe('active')
  })

  it('creates one session under StrictMode double mounting', async () => {
    const fake = createFakeAction({ latencyMs: 50 })
    const { result } = setup({ createSession: fake.createSession }, true)
    await tick(50)
    expect(result.current.status).toBe('active')
    expect(fake.calls).toBe(1)
  })
})

describe('refresh before expiry', () => {
  it('refreshes once at the refresh point of each session, on TanStack timers only', async () => {
    const fake = createFakeAction({ lifetimeSeconds: 600 })
    const { result } = setup({ createSession: fake.createSession })
    await tick(0)
    expect(result.current.clientSecret).toBe('ek_secret_1')
    expect(result.current.expiresAt).toBe(START + 600_000)
    // TanStack's own: refetch interval, stale timeout, cache GC. Nothing of ours.
    expect(vi.getTimerCount()).toBe(3)
    await tick(539_000)
    expect(fake.calls).toBe(1)
    await tick(1_000) // 540 s: 60 s margin, no jitter
    expect(fake.calls).toBe(2)
    expect(result.current.clientSecret).toBe('ek_secret_2')
    await tick(540_000)
    expect(fake.calls).toBe(3)
    expect(vi.getTimerCount()).toBe(3)
  })

  it('honours a refresh margin override', async () => {
    const fake = createFakeAction({ lifetimeSeconds: 600 })
    setup({ createSession: fake.createSession, refreshMarginMs: 120_000 })
    await tick(479_000)
    expect(fake.calls).toBe(1)
    await tick(1_000)
    expect(fake.calls).toBe(2)
  })

  it('shows refreshing while the next session is on its way', async () => {
    const fake = createFakeAction({ lifetimeSeconds: 20, latencyMs: 1_000 })
    const { result } = setup({ createSession: fake.createSession })
    await tick(1_000)
    expect(result.current.status).toBe('active')
    await tick(17_000) // refresh at 18 s after the first request started (2 s margin)
    expect(result.current.status).toBe('refreshing')
    expect(result.current.clientSecret).toBe('ek_secret_1')
    await tick(1_000)
    expect(result.current.status).toBe('active')
    expect(result.current.clientSecret).toBe('ek_secret_2')
  })
})

describe('never an expired secret', () => {
  it('after a sleep past the deadline, getClientSecret waits for a new secret', async () => {
    const fake = createFakeAction({ latencyMs: 100 })
    const { result } = setup({ createSession: fake.createSession })
    await tick(100)
    expect(result.current.clientSecret).toBe('ek_secret_1')
    // The laptop sleeps: the clock jumps 15 minutes, no timer fires.
    vi.setSystemTime(START + 15 * 60_000)
    const next = result.current.getClientSecret(null)
    await tick(100)
    expect(await next).toBe('ek_secret_2')
  })

  it.each([
    ['visibilitychange', document],
    ['resume', document],
    ['focus', window],
    ['online', window],
    ['pageshow', window],
  ] as const)('%s after a sleep re-checks freshness at once', async (event, target) => {
    const fake = createFakeAction({ latencyMs: 100 })
    const { result } = setup({ createSession: fake.createSession })
    await tick(100)
    vi.setSystemTime(START + 15 * 60_000)
    act(() => {
      target.dispatchEvent(new Event(event))
    })
    expect(result.current.status).toBe('expired')
    expect(result.current.clientSecret).toBeUndefined()
    expect(fake.calls).toBe(2)
    await tick(100)
    expect(result.current.status).toBe('active')
    expect(result.current.clientSecret).toBe('ek_secret_2')
  })

  it('flips to expired at the deadline when the refresh is slower than the margin', async () => {
    let latency = 0
    const fake = createFakeAction({ lifetimeSeconds: 20, latencyMs: () => latency })
    const { result } = setup({ createSession: fake.createSession })
    await tick(0)
    latency = 10_000
    await tick(18_000) // refresh starts; its answer needs 10 s, the secret has 2 s left
    expect(result.current.status).toBe('refreshing')
    await tick(2_000)
    expect(result.current.status).toBe('expired')
    expect(result.current.clientSecret).toBeUndefined()
    const waiting = result.current.getClientSecret(null)
    await tick(8_000)
    expect(await waiting).toBe('ek_secret_2')
    expect(result.current.status).toBe('active')
  })
})

describe("ChatKit's getClientSecret contract", () => {
  it('null returns the current secret without a request', async () => {
    const fake = createFakeAction()
    const { result } = setup({ createSession: fake.createSession })
    await tick(0)
    expect(await result.current.getClientSecret(null)).toBe('ek_secret_1')
    expect(fake.calls).toBe(1)
  })

  it('the current secret forces a new one, deduped across concurrent askers', async () => {
    const fake = createFakeAction({ latencyMs: 300 })
    const { result } = setup({ createSession: fake.createSession })
    await tick(300)
    const asks = Promise.all([
      result.current.getClientSecret('ek_secret_1'),
      result.current.getClientSecret('ek_secret_1'),
      result.current.getClientSecret('ek_secret_1'),
    ])
    await tick(300)
    expect(await asks).toEqual(['ek_secret_2', 'ek_secret_2', 'ek_secret_2'])
    expect(fake.calls).toBe(2)
  })

  it('a forced ask joins a refresh already in flight', async () => {
    const fake = createFakeAction({ lifetimeSeconds: 20, latencyMs: 1_000 })
    const { result } = setup({ createSession: fake.createSession })
    await tick(1_000)
    await tick(17_500) // the scheduled refresh is in flight
    expect(fake.calls).toBe(2)
    const forced = result.current.getClientSecret('ek_secret_1')
    await tick(500)
    expect(await forced).toBe('ek_secret_2')
    expect(fake.calls).toBe(2)
  })

  it('an older secret gets ours without a request', async () => {
    const fake = createFakeAction()
    const { result } = setup({ createSession: fake.createSession })
    await tick(0)
    await tick(540_000)
    expect(result.current.clientSecret).toBe('ek_secret_2')
    expect(await result.current.getClientSecret('ek_secret_1')).toBe('ek_secret_2')
    expect(fake.calls).toBe(2)
  })

  it('keeps the same getClientSecret identity for the whole life of the hook', async () => {
    const fake = createFakeAction()
    const { result, rerender } = setup({ createSession: fake.createSession })
    const first = result.current.getClientSecret
    await tick(540_000)
    rerender()
    expect(result.current.getClientSecret).toBe(first)
  })
})

describe('failures keep the good secret', () => {
  it('retries a retryable failure while the old secret is valid, then expires, then recovers', async () => {
    let failing = false
    const fake = createFakeAction({
      lifetimeSeconds: 600,
      fail: () => (failing ? failure('server_error') : undefined),
    })
    const onError = vi.fn()
    const { result } = setup({ createSession: fake.createSession, onError })
    await tick(0)
    failing = true
    await tick(541_000)
    expect(result.current.status).toBe('active')
    expect(result.current.clientSecret).toBe('ek_secret_1')
    expect(result.current.failureCount).toBeGreaterThanOrEqual(1)
    expect(result.current.failureReason?.code).toBe('server_error')
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'server_error' }))
    expect(await result.current.getClientSecret(null)).toBe('ek_secret_1')
    await tick(60_000) // past the deadline, still failing
    expect(result.current.status).toBe('expired')
    expect(result.current.clientSecret).toBeUndefined()
    expect(result.current.error?.code).toBe('server_error')
    failing = false
    await tick(30_000) // the next retry lands within the 30 s backoff cap
    expect(result.current.status).toBe('active')
    expect(result.current.failureCount).toBe(0)
    expect(result.current.clientSecret).not.toBe('ek_secret_1')
  })

  it('retry delays grow and are pulled in before the deadline', async () => {
    let failing = false
    const fake = createFakeAction({
      lifetimeSeconds: 600,
      fail: () => (failing ? failure('server_error') : undefined),
    })
    setup({ createSession: fake.createSession })
    await tick(0)
    failing = true
    await tick(540_000)
    const callsAtRefresh = fake.calls
    await tick(59_000) // 59 s until the deadline: backoff 1, 1, 2, 4, 8, 15... capped at half the life left
    const retries = fake.calls - callsAtRefresh
    expect(retries).toBeGreaterThanOrEqual(6)
    expect(retries).toBeLessThan(40)
  })

  it('honours retry-after from a rate limit', async () => {
    let failures = 1
    const fake = createFakeAction({
      fail: () => (failures-- > 0 ? failure('rate_limited', 20_000) : undefined),
    })
    const { result } = setup({ createSession: fake.createSession })
    await tick(0)
    expect(result.current.status).toBe('error')
    expect(result.current.error?.code).toBe('rate_limited')
    await tick(19_000)
    expect(fake.calls).toBe(1)
    await tick(1_000)
    expect(fake.calls).toBe(2)
    expect(result.current.status).toBe('active')
  })

  it('a non-retryable error stops automatic calls until refresh()', async () => {
    let failing = true
    const fake = createFakeAction({ fail: () => (failing ? failure('unauthorized') : undefined) })
    const { result } = setup({ createSession: fake.createSession })
    await tick(0)
    expect(result.current.status).toBe('error')
    expect(result.current.error?.code).toBe('unauthorized')
    await expect(result.current.getClientSecret(null)).rejects.toMatchObject({ code: 'unauthorized' })
    await tick(3_600_000)
    expect(fake.calls).toBe(1)
    failing = false
    await act(() => result.current.refresh())
    expect(result.current.status).toBe('active')
    expect(result.current.error).toBeNull()
  })

  it('treats a thrown error like { ok: false } and an invalid answer as invalid_response', async () => {
    const thrown = setup({
      createSession: () => Promise.reject(new ChatKitSessionError('forbidden', 'nope')),
    })
    await tick(0)
    expect(thrown.result.current).toMatchObject({ status: 'error', error: { code: 'forbidden' } })
    const invalid = setup({ createSession: () => Promise.resolve({ client_secret: '' } as never) })
    await tick(0)
    expect(invalid.result.current).toMatchObject({ status: 'error', error: { code: 'invalid_response' } })
    expect(invalid.result.current.error?.retryable).toBe(false)
  })

  it('an answer that is already expired is retried on the backoff, not in a loop', async () => {
    const fake = createFakeAction({ lifetimeSeconds: 600, serverOffsetMs: 0 })
    const calledAt: number[] = []
    const expired = () => {
      calledAt.push(Date.now())
      return Promise.resolve({ client_secret: 'ek_dead', expires_at: 100, server_time: 200 })
    }
    let useExpired = true
    const { result } = setup({ createSession: () => (useExpired ? expired() : fake.createSession()) })
    await tick(0)
    await tick(20_000)
    expect(result.current.status).toBe('error')
    expect(result.current.error?.code).toBe('expired')
    // Backoff from the 1 s floor, doubling up to the 4 s ceiling that applies while no valid
    // secret is held (2 s with no jitter here): never a tight loop.
    expect(calledAt.map((t) => t - START)).toEqual([
      0, 1_000, 2_000, 4_000, 6_000, 8_000, 10_000, 12_000, 14_000, 16_000, 18_000, 20_000,
    ])
    useExpired = false
    await tick(30_000)
    expect(result.current.status).toBe('active')
  })
})

describe('cancel', () => {
  it('cancels on the server, stops refreshing, rejects getClientSecret until restart()', async () => {
    const fake = createFakeAction()
    const cancelSession = vi.fn(async () => ({ ok: true }))
    const { result } = setup({ createSession: fake.createSession, cancelSession })
    await tick(0)
    await act(() => result.current.cancel())
    expect(cancelSession).toHaveBeenCalledWith('cksess_1')
    expect(result.current.status).toBe('cancelled')
    expect(result.current.clientSecret).toBeUndefined()
    await expect(result.current.getClientSecret(null)).rejects.toMatchObject({ code: 'cancelled' })
    await tick(3_600_000)
    expect(fake.calls).toBe(1)
    await act(() => result.current.restart())
    expect(result.current.status).toBe('active')
    expect(result.current.clientSession?.id).toBe('cksess_2')
  })

  it("passes the session's cancel_handle to cancelSession, so the server can check the owner", async () => {
    const fake = createFakeAction()
    const createSession = async () => {
      const result = await fake.createSession()
      if (!result.ok) return result
      return {
        ok: true as const,
        session: { ...result.session, cancel_handle: `handle_of_${result.session.id}` },
      }
    }
    const cancelSession = vi.fn(async (_id: string, _handle?: string) => ({ ok: true }))
    const { result } = setup({ createSession, cancelSession })
    await tick(0)
    await act(() => result.current.cancel())
    expect(cancelSession).toHaveBeenCalledExactlyOnceWith('cksess_1', 'handle_of_cksess_1')
  })

  it('a refresh in flight when cancel() runs does not bring the session back', async () => {
    const fake = createFakeAction({ latencyMs: 5_000 })
    const { result } = setup({ createSession: fake.createSession, cancelSession: async () => undefined })
    await tick(5_000)
    await tick(537_000) // the refresh started at 540 s is in flight
    expect(result.current.status).toBe('refreshing')
    await act(() => result.current.cancel())
    await tick(10_000)
    expect(result.current.status).toBe('cancelled')
    expect(result.current.clientSession?.id).toBe('cksess_1')
    await expect(result.current.getClientSecret(null)).rejects.toMatchObject({ code: 'cancelled' })
  })

  it('a failing cancelSession is reported through onError and the session stays cancelled', async () => {
    const fake = createFakeAction()
    const onError = vi.fn()
    const { result } = setup({
      createSession: fake.createSession,
      cancelSession: async () => failure('server_error'),
      onError,
    })
    await tick(0)
    await act(() => result.current.cancel())
    expect(result.current.status).toBe('cancelled')
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'server_error' }))
  })
})

describe('lifecycle', () => {
  it('is idle while disabled and starts when enabled', async () => {
    const fake = createFakeAction()
    const client = createTestQueryClient()
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    )
    const { result, rerender } = renderHook(
      ({ enabled }: { enabled: boolean }) =>
        useChatKitSession({ createSession: fake.createSession, enabled }),
      { wrapper, initialProps: { enabled: false } },
    )
    await tick(10_000)
    expect(result.current.status).toBe('idle')
    expect(fake.calls).toBe(0)
    rerender({ enabled: true })
    await tick(0)
    expect(result.current.status).toBe('active')
  })

  it('calls onSessionChange with each new session', async () => {
    const fake = createFakeAction()
    const onSessionChange = vi.fn()
    setup({ createSession: fake.createSession, onSessionChange })
    await tick(0)
    await tick(540_000)
    expect(onSessionChange.mock.calls.map(([session]) => session.id)).toEqual(['cksess_1', 'cksess_2'])
  })

  it('leaves no timers, calls or state updates behind after unmount', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const fake = createFakeAction({ latencyMs: 1_000 })
    const { unmount, client } = setup({ createSession: fake.createSession })
    await tick(1_000)
    await tick(540_000) // a refresh is in flight at unmount
    unmount()
    await tick(24 * 3_600_000)
    expect(fake.calls).toBe(2)
    // TanStack's cache garbage collection has run; nothing of ours is scheduled.
    expect(vi.getTimerCount()).toBe(0)
    expect(client.getQueryCache().getAll()).toHaveLength(0)
    expect(errors).not.toHaveBeenCalled()
    errors.mockRestore()
  })
})
