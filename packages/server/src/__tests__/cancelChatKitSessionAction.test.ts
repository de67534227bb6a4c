import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { SESSION_ID_PATTERN, cancelChatKitSessionAction } from '../cancelChatKitSessionAction.ts'
import { createChatKitSessionAction } from '../createChatKitSessionAction.ts'
import { loose, transports, type Harness } from './setup.ts'

describe.each(transports)('cancelChatKitSessionAction, SDK over $name', ({ start }) => {
  let harness: Harness

  beforeAll(async () => {
    harness = await start()
  })
  afterEach(() => {
    harness.emulator.reset()
  })
  afterAll(() => harness.stop())

  const cancel = (getUser: () => string | null = () => 'user_42') =>
    cancelChatKitSessionAction({ client: harness.client, getUser, now: () => 1_900_000_000_500 })

  it('cancels a session the create action made', async () => {
    const created = await createChatKitSessionAction({
      client: harness.client,
      getUser: () => 'user_42',
      workflow: { id: 'wf' },
    })()
    if (!created.ok) throw new Error(created.error.message)
    const result = await cancel()(created.session.id ?? '')
    expect(result).toEqual({
      ok: true,
      session: { ...created.session, status: 'cancelled', server_time: 1_900_000_000.5 },
    })
    expect(harness.emulator.getSession(created.session.id ?? '')?.status).toBe('cancelled')
  })

  it('answers not_found for an unknown id', async () => {
    expect(await cancel()('cksess_0000')).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringMatching(/HTTP 404, param session_id/) },
    })
  })

  it.each([
    '',
    'cksess_',
    'sess_123',
    'cksess_../../files',
    'cksess_a/b',
    `cksess_${'a'.repeat(129)}`,
    42,
    null,
  ])('refuses the id %j before the network', async (id) => {
    const onError = vi.fn()
    const action = cancelChatKitSessionAction({ client: harness.client, getUser: () => 'u', onError })
    expect(await action(loose(id))).toEqual({
      ok: false,
      error: { code: 'bad_request', message: 'sessionId: must be a ChatKit session id (cksess_...)' },
    })
    expect(onError).toHaveBeenCalledOnce()
    expect(harness.emulator.requests).toHaveLength(0)
  })

  it('answers unauthorized without a user, before the network', async () => {
    expect(await cancel(() => null)('cksess_123')).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    })
    expect(harness.emulator.requests).toHaveLength(0)
  })

  it('maps a server failure to server_error', async () => {
    harness.emulator.setFaults({ status: 500 })
    expect(await cancel()('cksess_123')).toMatchObject({ ok: false, error: { code: 'server_error' } })
  })

  it('accepts the ids the API issues', () => {
    expect(SESSION_ID_PATTERN.test('cksess_123')).toBe(true)
    expect(SESSION_ID_PATTERN.test('cksess_68e3f1c0a9b8819087a1b2c3d4e5f607')).toBe(true)
  })
})
