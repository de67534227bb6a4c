import { clientSessionSchema, getSessionDeadline } from '@chatkit-session/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFakeClock } from '../createFakeClock.ts'
import { createFakeSessionAction } from '../createFakeSessionAction.ts'

const START = Date.UTC(2030, 0, 1, 12, 0, 0, 250)

describe('createFakeSessionAction', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('issues sessions shaped like the server helpers: ms-precision server_time, whole-second expires_at', async () => {
    const action = createFakeSessionAction({ lifetimeSeconds: 20 })
    const result = await action()
    expect(result).toEqual({
      ok: true,
      session: {
        id: expect.stringMatching(/^cksess_[0-9a-f]{32}$/),
        client_secret: expect.stringMatching(/^ek_[A-Za-z0-9_-]{43}$/),
        expires_at: Math.floor(START / 1000) + 20,
        server_time: START / 1000,
        status: 'active',
      },
    })
    if (!result.ok) throw new Error('unreachable')
    expect(clientSessionSchema.parse(result.session)).toEqual(result.session)
    expect(getSessionDeadline(result.session, { requestedAt: START }).lifetimeMs).toBeCloseTo(19_750)
    expect(action.calls).toBe(1)
    expect(action.issued).toEqual([result.session])
  })

  it('waits the latency on setTimeout, fixed or drawn per call', async () => {
    const latencies = [300, 50]
    const action = createFakeSessionAction({ latencyMs: () => latencies.shift() ?? 0 })
    const first = action()
    const second = action()
    let settled = 0
    void first.then(() => (settled += 1))
    void second.then(() => (settled += 1))
    await vi.advanceTimersByTimeAsync(50)
    expect(settled).toBe(1)
    await vi.advanceTimersByTimeAsync(250)
    expect(settled).toBe(2)
    expect(((await first) as { ok: true; session: { server_time: number } }).session.server_time).toBe(
      (START + 300) / 1000,
    )
    action.setLatency(1_000)
    const third = action()
    await vi.advanceTimersByTimeAsync(1_000)
    await expect(third).resolves.toMatchObject({ ok: true })
  })

  it('fails by failNext (queued), by fail(call), then by failRate, in that order', async () => {
    const draws = [0.05, 0.95]
    const action = createFakeSessionAction({
      failRate: 0.1,
      random: () => draws.shift() ?? 0.5,
      fail: (call) => (call.index === 2 ? { code: 'forbidden', message: 'No.' } : undefined),
    })
    action.failNext({ code: 'rate_limited', message: 'Slow down.', retryAfterMs: 2_000 })
    expect(await action()).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'Slow down.', retryAfterMs: 2_000 },
    })
    expect(await action({ from: 'browser' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await action()).toMatchObject({ ok: false, error: { code: 'server_error' } })
    expect(await action()).toMatchObject({ ok: true })
    action.setFailRate(1)
    expect(await action()).toMatchObject({ ok: false, error: { code: 'server_error' } })
    expect(action.calls).toBe(5)
    expect(action.issued).toHaveLength(1)
    expect(() => action.setFailRate(1.5)).toThrow(RangeError)
  })

  it('passes each call and its input to fail', async () => {
    const fail = vi.fn(() => undefined)
    const action = createFakeSessionAction({ fail })
    await action({ state_variables: { locale: 'fr' } })
    expect(fail).toHaveBeenCalledWith({ index: 1, input: { state_variables: { locale: 'fr' } } })
  })

  it('puts the fake server clock ahead of or behind the local one', async () => {
    const clock = createFakeClock(START)
    const action = createFakeSessionAction({
      now: clock.now,
      serverClockOffsetMs: 3_600_000,
      lifetimeSeconds: 60,
    })
    const ahead = await action()
    action.setServerClockOffset(-90_000)
    action.setLifetime(30)
    const behind = await action()
    expect(ahead).toMatchObject({ ok: true, session: { server_time: START / 1000 + 3_600 } })
    expect(behind).toMatchObject({
      ok: true,
      session: { server_time: START / 1000 - 90, expires_at: Math.floor(START / 1000 - 90) + 30 },
    })
    expect(() => action.setLifetime(0)).toThrow(RangeError)
    expect(() => createFakeSessionAction({ lifetimeSeconds: 601 })).toThrow(RangeError)
  })

  it('cancels issued sessions and refuses unknown ones', async () => {
    const action = createFakeSessionAction()
    const issued = await action()
    if (!issued.ok) throw new Error('unreachable')
    const id = issued.session.id ?? ''
    expect(await action.cancel(id)).toEqual({ ok: true, session: { ...issued.session, status: 'cancelled' } })
    await action.cancel(id)
    expect(action.cancelled).toEqual([id])
    expect(await action.cancel('cksess_unknown')).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(action.calls).toBe(1)
  })
})
