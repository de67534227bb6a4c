import { describe, expect, it } from 'vitest'
import { createChatKitEmulator } from '../createChatKitEmulator.ts'
import { createFakeClock } from '../createFakeClock.ts'
import { apiRequest, minimalBody } from './helpers.ts'

const ORIGIN = 'http://chatkit-emulator.local'

function control(path: string, init: RequestInit = {}): Request {
  return new Request(`${ORIGIN}/__emulator${path}`, init)
}

async function json(response: Response | Promise<Response>): Promise<unknown> {
  return (await response).json()
}

describe('the /__emulator control routes', () => {
  it('are not served unless control is on', async () => {
    const emulator = createChatKitEmulator()
    const response = await emulator.handle(control('/faults', { method: 'POST', body: '{"status":500}' }))
    expect(response.status).toBe(404)
    expect(emulator.getFaults()).toEqual({})
  })

  it('switch faults, validate them, clear them and report state', async () => {
    const emulator = createChatKitEmulator({ control: true })
    expect(
      await json(emulator.handle(control('/faults', { method: 'POST', body: '{"failRate":1}' }))),
    ).toEqual({
      failRate: 1,
    })
    expect((await emulator.handle(apiRequest('/chatkit/sessions', minimalBody))).status).toBe(500)
    const invalid = await emulator.handle(control('/faults', { method: 'POST', body: '{"failRate":"all"}' }))
    expect(invalid.status).toBe(400)
    expect(await json(invalid)).toMatchObject({ error: { message: expect.stringContaining('failRate') } })
    expect(await json(emulator.handle(control('/faults', { method: 'DELETE' })))).toEqual({})
    expect(await json(emulator.handle(control('/state')))).toEqual({
      faults: {},
      lifetimeSeconds: 600,
      sessions: 0,
      requests: 1,
    })
    expect(await json(emulator.handle(control('')))).toMatchObject({ requests: 1 })
  })

  it('set the lifetime, list sessions and requests, read one session, and reset', async () => {
    const clock = createFakeClock(1_000_000)
    const emulator = createChatKitEmulator({ control: true, now: clock.now })
    const lifetime = await emulator.handle(control('/lifetime', { method: 'POST', body: '{"seconds":5}' }))
    expect(await json(lifetime)).toEqual({ seconds: 5 })
    const bad = await emulator.handle(control('/lifetime', { method: 'POST', body: '{"seconds":900}' }))
    expect(bad.status).toBe(400)

    const created = (await json(emulator.handle(apiRequest('/chatkit/sessions', minimalBody)))) as {
      id: string
    }
    clock.advance(5_000)
    expect(await json(emulator.handle(control(`/sessions/${created.id}`)))).toMatchObject({
      id: created.id,
      status: 'expired',
      expires_at: 1_005,
    })
    expect((await emulator.handle(control('/sessions/cksess_nope'))).status).toBe(404)
    expect(await json(emulator.handle(control('/sessions')))).toMatchObject({ data: [{ id: created.id }] })
    expect(await json(emulator.handle(control('/requests')))).toMatchObject({
      data: [{ method: 'POST', path: '/v1/chatkit/sessions', status: 200 }],
    })
    await emulator.handle(control('/reset', { method: 'POST' }))
    expect(emulator.listSessions()).toEqual([])
    expect((await emulator.handle(control('/nothing-here'))).status).toBe(404)
  })

  it('reset to the faults and lifetime of the options, as reset() does', async () => {
    const emulator = createChatKitEmulator({
      control: true,
      faults: { malformedJson: true },
      lifetimeSeconds: 45,
    })
    await emulator.handle(
      control('/faults', { method: 'POST', body: '{"status":500,"malformedJson":false}' }),
    )
    await emulator.handle(control('/lifetime', { method: 'POST', body: '{"seconds":5}' }))
    expect(await json(emulator.handle(control('/reset', { method: 'POST' })))).toEqual({ reset: true })
    expect(await json(emulator.handle(control('/state')))).toEqual({
      faults: { malformedJson: true },
      lifetimeSeconds: 45,
      sessions: 0,
      requests: 0,
    })
  })

  it('work under any path prefix, as when a Next.js route forwards to handle()', async () => {
    const emulator = createChatKitEmulator({ control: true })
    const response = await emulator.handle(
      new Request(`${ORIGIN}/api/emulator/__emulator/faults`, { method: 'POST', body: '{"status":403}' }),
    )
    expect(response.status).toBe(200)
    const api = await emulator.handle(
      apiRequest('/chatkit/sessions', minimalBody, {}, `${ORIGIN}/api/emulator/v1`),
    )
    expect(api.status).toBe(403)
  })
})
