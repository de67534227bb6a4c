import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  SESSION_ID_PATTERN,
  createChatKitCancelAction,
  createChatKitSessionAction,
  createChatKitTokenAction,
} from '@chatkit-session/server'
import { createChatKitEmulator, loose, sessionElsewhere, transports, type Harness } from './setup.ts'
import OpenAI from 'openai'

/** 41 bytes, and easy to spot in a leak check. */
const CANCEL_SECRET = 'cancel-handle-secret-LEAKCHECK-3e8a1f6c9d'
const OTHER_CANCEL_SECRET = 'another-cancel-secret-of-41-bytes-0b7d2c5'

describe.each(transports)('createChatKitCancelAction, SDK over $name', ({ start }) => {
  let harness: Harness

  beforeAll(async () => {
    harness = await start()
  })
  afterEach(() => {
    harness.emulator.reset()
  })
  afterAll(() => harness.stop())

  const cancel = (getUser: () => string | null = () => 'user_42') =>
    createChatKitCancelAction({
      client: harness.client,
      getUser,
      cancelSecret: CANCEL_SECRET,
      now: () => 1_900_000_000_500,
    })

  /** A session the create action made for `user`, with its cancel handle. */
  const createFor = async (user: string, cancelSecret = CANCEL_SECRET) => {
    const created = await createChatKitSessionAction({
      client: harness.client,
      getUser: () => user,
      workflow: { id: 'wf' },
      cancelSecret,
    })()
    if (!created.ok) throw new Error(created.error.message)
    return {
      ...created.session,
      id: created.session.id ?? '',
      cancel_handle: created.session.cancel_handle ?? '',
    }
  }

  it('cancels a session the create action made, for the user it was made for', async () => {
    const created = await createFor('user_42')
    expect(created.cancel_handle).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const result = await cancel()(created.id, created.cancel_handle)
    const { cancel_handle: _handle, ...rest } = created
    expect(result).toEqual({
      ok: true,
      session: { ...rest, status: 'cancelled', server_time: 1_900_000_000.5 },
    })
    expect(harness.emulator.getSession(created.id)?.status).toBe('cancelled')
  })

  describe('only the owner cancels', () => {
    it("refuses another user with the owner's id and handle: forbidden, and the session stays active", async () => {
      const owners = await createFor('user_a')
      const onError = vi.fn()
      const asB = createChatKitCancelAction({
        client: harness.client,
        getUser: () => 'user_b',
        cancelSecret: CANCEL_SECRET,
        onError,
      })
      const before = harness.emulator.requests.length
      expect(await asB(owners.id, owners.cancel_handle)).toEqual({
        ok: false,
        error: {
          code: 'forbidden',
          message: 'cancelHandle: does not match this session and the signed-in user',
        },
      })
      expect(onError).toHaveBeenCalledOnce()
      expect(harness.emulator.requests).toHaveLength(before)
      expect(harness.emulator.getSession(owners.id)?.status).toBe('active')
    })

    it("refuses another user's id with the caller's own handle (for their own session)", async () => {
      const owners = await createFor('user_a')
      const mine = await createFor('user_b')
      expect(await cancel(() => 'user_b')(owners.id, mine.cancel_handle)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      })
      expect(harness.emulator.getSession(owners.id)?.status).toBe('active')
      expect(harness.emulator.getSession(mine.id)?.status).toBe('active')
    })

    it('refuses a handle made with another cancelSecret', async () => {
      // An app whose create action signs with another key: its handle is not one of ours.
      const created = await createFor('user_42', OTHER_CANCEL_SECRET)
      expect(await cancel()(created.id, created.cancel_handle)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      })
      expect(harness.emulator.getSession(created.id)?.status).toBe('active')
    })

    it.each([undefined, '', 'not-a-handle', 'A'.repeat(44), 42])(
      'refuses the handle %j before the network, as bad_request',
      async (handle) => {
        const created = await createFor('user_42')
        const before = harness.emulator.requests.length
        expect(await cancel()(created.id, loose(handle))).toEqual({
          ok: false,
          error: { code: 'bad_request', message: 'cancelHandle: must be the cancel_handle of the session' },
        })
        expect(harness.emulator.requests).toHaveLength(before)
        expect(harness.emulator.getSession(created.id)?.status).toBe('active')
      },
    )

    it('gives no handle when the create action has no cancelSecret', async () => {
      const created = await createChatKitSessionAction({
        client: harness.client,
        getUser: () => 'user_42',
        workflow: { id: 'wf' },
      })()
      expect(created.ok && 'cancel_handle' in created.session).toBe(false)
    })
  })

  it('answers not_found for an unknown id', async () => {
    const unknown = await sessionElsewhere('user_42', CANCEL_SECRET)
    expect(await cancel()(unknown.id, unknown.cancel_handle)).toMatchObject({
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
    const action = createChatKitCancelAction({
      client: harness.client,
      getUser: () => 'u',
      cancelSecret: CANCEL_SECRET,
      onError,
    })
    expect(await action(loose(id), 'A'.repeat(43))).toEqual({
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
    const created = await createFor('user_42')
    harness.emulator.setFaults({ status: 500 })
    expect(await cancel()(created.id, created.cancel_handle)).toMatchObject({
      ok: false,
      error: { code: 'server_error' },
    })
  })

  it('accepts the ids the API issues', () => {
    expect(SESSION_ID_PATTERN.test('cksess_123')).toBe(true)
    expect(SESSION_ID_PATTERN.test('cksess_68e3f1c0a9b8819087a1b2c3d4e5f607')).toBe(true)
  })
})

describe('createChatKitCancelAction configuration', () => {
  const client = new OpenAI({ apiKey: 'sk-test', maxRetries: 0 })

  it('throws without a cancelSecret: an id alone must not authorise a cancel', () => {
    expect(() => createChatKitCancelAction(loose({ client, getUser: () => 'u' }))).toThrow(
      new TypeError(
        'cancelSecret: required (at least 32 bytes): generate one with `openssl rand -base64 32`',
      ),
    )
  })

  it.each([
    [
      'createChatKitCancelAction',
      () => createChatKitCancelAction({ client, getUser: () => 'u', cancelSecret: 'short-cancel-secret' }),
    ],
    [
      'createChatKitSessionAction',
      () =>
        createChatKitSessionAction({
          client,
          getUser: () => 'u',
          workflow: { id: 'wf' },
          cancelSecret: 'short-cancel-secret',
        }),
    ],
  ])('%s throws for a cancelSecret under 32 bytes, naming the option and not the value', (_name, make) => {
    expect(make).toThrow(/^cancelSecret: must be at least 32 bytes/)
    expect(make).not.toThrow(/short-cancel-secret/)
  })
})

describe('one user check for the three actions', () => {
  const emulator = createChatKitEmulator()
  const client = new OpenAI({
    apiKey: 'sk-test',
    baseURL: emulator.baseURL,
    fetch: emulator.fetch,
    maxRetries: 0,
  })
  const handle = 'A'.repeat(43)

  it.each([
    ['an empty string', ''],
    ['0', 0],
    ['false', false],
    ['an object', { id: 'user_1' }],
  ])(
    'getUser returning %s is bad_request in create, cancel and token, before the network',
    async (_name, user) => {
      const getUser = () => loose<string>(user)
      const results = [
        await createChatKitCancelAction({ client, getUser, cancelSecret: CANCEL_SECRET })(
          'cksess_123',
          handle,
        ),
        await createChatKitSessionAction({ client, getUser, workflow: { id: 'wf' } })(),
        await createChatKitTokenAction({ secret: CANCEL_SECRET, audience: 'aud', getUser })(),
      ]
      for (const result of results) {
        expect(result).toEqual({
          ok: false,
          error: { code: 'bad_request', message: 'getUser: must return a non-empty string user id, or null' },
        })
      }
      expect(emulator.requests).toHaveLength(0)
    },
  )
})
