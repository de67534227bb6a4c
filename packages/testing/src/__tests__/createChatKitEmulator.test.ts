import { chatSessionSchema, type ChatSession } from '@chatkit-session/core'
import OpenAI from 'openai'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createFakeClock } from '../createFakeClock.ts'
import { MAX_RECORDED_REQUESTS, MAX_STORED_SESSIONS } from '../boundedLog.ts'
import type { ChatKitEmulatorOptions } from '../chatKitEmulator.ts'
import { createChatKitEmulator } from '../createChatKitEmulator.ts'
import { MAX_EMULATOR_LATENCY_MS } from '../emulatorFaults.ts'
import { API_KEY, apiRequest, minimalBody } from './helpers.ts'

const START = Date.UTC(2030, 0, 1, 12, 0, 0, 250)

function setup(options: ChatKitEmulatorOptions = {}) {
  const clock = createFakeClock(START)
  const emulator = createChatKitEmulator({ now: clock.now, ...options })
  const client = new OpenAI({
    apiKey: API_KEY,
    baseURL: emulator.baseURL,
    fetch: emulator.fetch,
    maxRetries: 0,
  })
  return { clock, emulator, client }
}

async function errorOf(response: Response) {
  const body = (await response.json()) as {
    error: { message: string; type: string; param: unknown; code: unknown }
  }
  return body.error
}

const SESSION_KEYS = [
  'chatkit_configuration',
  'client_secret',
  'expires_at',
  'id',
  'max_requests_per_1_minute',
  'object',
  'rate_limits',
  'status',
  'user',
  'workflow',
]

describe('createChatKitEmulator: creating sessions', () => {
  it('answers the SDK with a session of exactly the ChatSession shape and the documented defaults', async () => {
    const { client } = setup()
    const session = await client.beta.chatkit.sessions.create(minimalBody)
    expect(Object.keys(session).sort()).toEqual(SESSION_KEYS)
    expect(chatSessionSchema.parse(session)).toEqual(session)
    expect(session).toMatchObject({
      object: 'chatkit.session',
      status: 'active',
      user: 'user_1',
      expires_at: Math.floor(START / 1000) + 600,
      workflow: { id: 'wf_1', version: null, state_variables: null, tracing: { enabled: true } },
      rate_limits: { max_requests_per_1_minute: 10 },
      max_requests_per_1_minute: 10,
      chatkit_configuration: {
        automatic_thread_titling: { enabled: true },
        file_upload: { enabled: false, max_file_size: 512, max_files: 10 },
        history: { enabled: true, recent_threads: null },
      },
    })
    expect(session.id).toMatch(/^cksess_[0-9a-f]{32}$/)
    expect(session.client_secret).toMatch(/^ek_[A-Za-z0-9_-]{43}$/)
  })

  it('resolves every parameter the body sets, and honours expires_after.seconds', async () => {
    const { client } = setup({ lifetimeSeconds: 30 })
    const session = await client.beta.chatkit.sessions.create({
      user: 'user_2',
      workflow: {
        id: 'wf_2',
        version: '7',
        state_variables: { plan: 'pro', seats: 3 },
        tracing: { enabled: false },
      },
      expires_after: { anchor: 'created_at', seconds: 120 },
      rate_limits: { max_requests_per_1_minute: 3 },
      chatkit_configuration: {
        automatic_thread_titling: { enabled: false },
        file_upload: { enabled: true, max_file_size: 16, max_files: 2 },
        history: { enabled: false, recent_threads: 5 },
      },
    })
    expect(session).toMatchObject({
      expires_at: Math.floor(START / 1000) + 120,
      workflow: {
        id: 'wf_2',
        version: '7',
        state_variables: { plan: 'pro', seats: 3 },
        tracing: { enabled: false },
      },
      max_requests_per_1_minute: 3,
      chatkit_configuration: {
        automatic_thread_titling: { enabled: false },
        file_upload: { enabled: true, max_file_size: 16, max_files: 2 },
        history: { enabled: false, recent_threads: 5 },
      },
    })
  })

  it('uses the lifetime option, and setLifetime for later sessions', async () => {
    const { client, emulator } = setup({ lifetimeSeconds: 30 })
    const first = await client.beta.chatkit.sessions.create(minimalBody)
    emulator.setLifetime(5)
    const second = await client.beta.chatkit.sessions.create(minimalBody)
    expect(first.expires_at - Math.floor(START / 1000)).toBe(30)
    expect(second.expires_at - Math.floor(START / 1000)).toBe(5)
    expect(emulator.getLifetime()).toBe(5)
    expect(() => emulator.setLifetime(601)).toThrow(RangeError)
    expect(() => createChatKitEmulator({ lifetimeSeconds: 0 })).toThrow(RangeError)
  })

  it('issues distinct ids and secrets', async () => {
    const { client } = setup()
    const sessions = await Promise.all(
      Array.from({ length: 50 }, () => client.beta.chatkit.sessions.create(minimalBody)),
    )
    expect(new Set(sessions.map((session) => session.id)).size).toBe(50)
    expect(new Set(sessions.map((session) => session.client_secret)).size).toBe(50)
  })

  it('reports a session as expired once its emulator clock passes expires_at', async () => {
    const { client, clock, emulator } = setup({ lifetimeSeconds: 10 })
    const session = await client.beta.chatkit.sessions.create(minimalBody)
    clock.set(session.expires_at * 1000 - 1)
    expect(emulator.getSession(session.id)?.status).toBe('active')
    clock.set(session.expires_at * 1000)
    expect(emulator.getSession(session.id)?.status).toBe('expired')
    const cancelled = await client.beta.chatkit.sessions.cancel(session.id)
    expect(cancelled.status).toBe('expired')
  })
})

describe('createChatKitEmulator: the API errors', () => {
  it('answers 401 without an Authorization header, or with an unknown key when apiKeys is set', async () => {
    const { emulator } = setup({ apiKeys: [API_KEY] })
    const missing = await emulator.handle(
      apiRequest('/chatkit/sessions', minimalBody, { authorization: undefined }),
    )
    expect(missing.status).toBe(401)
    expect((await errorOf(missing)).message).toMatch(/didn't provide an API key/)
    const wrong = await emulator.handle(
      apiRequest('/chatkit/sessions', minimalBody, { authorization: 'Bearer sk-wrong-key' }),
    )
    expect(wrong.status).toBe(401)
    const error = await errorOf(wrong)
    expect(error.code).toBe('invalid_api_key')
    expect(error.message).toBe('Incorrect API key provided: sk-*****-key.')
    expect(emulator.listSessions()).toHaveLength(0)
  })

  it('answers 400 without the OpenAI-Beta header', async () => {
    const { emulator } = setup()
    const response = await emulator.handle(
      apiRequest('/chatkit/sessions', minimalBody, { 'openai-beta': undefined }),
    )
    expect(response.status).toBe(400)
    expect((await errorOf(response)).message).toContain('OpenAI-Beta: chatkit_beta=v1')
    const other = await emulator.handle(
      apiRequest('/chatkit/sessions', minimalBody, { 'openai-beta': 'assistants=v2, chatkit_beta=v1' }),
    )
    expect(other.status).toBe(200)
  })

  const invalidBodies: [string, unknown, string, string][] = [
    ['no user', { workflow: { id: 'wf' } }, 'user', 'missing_required_parameter'],
    ['an empty user', { ...minimalBody, user: '' }, 'user', 'invalid_value'],
    ['no workflow', { user: 'u' }, 'workflow', 'missing_required_parameter'],
    [
      'expires_after.seconds over 600',
      { ...minimalBody, expires_after: { anchor: 'created_at', seconds: 601 } },
      'expires_after.seconds',
      'invalid_value',
    ],
    [
      'a file size over 512',
      { ...minimalBody, chatkit_configuration: { file_upload: { max_file_size: 513 } } },
      'chatkit_configuration.file_upload.max_file_size',
      'invalid_value',
    ],
    [
      'a rate limit of 0',
      { ...minimalBody, rate_limits: { max_requests_per_1_minute: 0 } },
      'rate_limits.max_requests_per_1_minute',
      'invalid_value',
    ],
  ]

  it.each(invalidBodies)('answers 400 naming param for %s', async (_name, body, param, code) => {
    const { emulator } = setup()
    const response = await emulator.handle(apiRequest('/chatkit/sessions', body))
    expect(response.status).toBe(400)
    const error = await errorOf(response)
    expect(error).toMatchObject({ type: 'invalid_request_error', param, code })
    expect(error.message).toContain(param)
  })

  it('answers 400 for an unknown parameter and for a body that is not JSON', async () => {
    const { emulator } = setup()
    const unknown = await emulator.handle(apiRequest('/chatkit/sessions', { ...minimalBody, expires_in: 60 }))
    expect(unknown.status).toBe(400)
    expect(await errorOf(unknown)).toMatchObject({ param: 'expires_in', code: 'unknown_parameter' })
    const notJson = await emulator.handle(apiRequest('/chatkit/sessions', '{"user":'))
    expect(notJson.status).toBe(400)
    expect((await errorOf(notJson)).message).toMatch(/could not parse the JSON body/)
  })

  it('raises the SDK BadRequestError with param for an invalid body', async () => {
    const { client } = setup()
    const error: unknown = await client.beta.chatkit.sessions
      .create({ ...minimalBody, expires_after: { anchor: 'created_at', seconds: 0 } })
      .catch((thrown: unknown) => thrown)
    expect(error).toBeInstanceOf(OpenAI.BadRequestError)
    expect(error).toMatchObject({ status: 400, param: 'expires_after.seconds' })
  })

  it('answers 404 for an unknown session id on cancel, and for unknown routes', async () => {
    const { client, emulator } = setup()
    const error: unknown = await client.beta.chatkit.sessions
      .cancel('cksess_unknown')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.NotFoundError)
    expect(error).toMatchObject({ status: 404, param: 'session_id' })
    const route = await emulator.handle(
      new Request(`${emulator.baseURL}/chatkit/threads`, { method: 'POST' }),
    )
    expect(route.status).toBe(404)
    const method = await emulator.handle(new Request(`${emulator.baseURL}/chatkit/sessions`))
    expect(method.status).toBe(404)
  })

  it('cancels an active session, once, and remembers it', async () => {
    const { client, emulator } = setup()
    const session = await client.beta.chatkit.sessions.create(minimalBody)
    const cancelled = await client.beta.chatkit.sessions.cancel(session.id)
    expect(cancelled).toEqual({ ...session, status: 'cancelled' })
    expect(emulator.getSession(session.id)?.status).toBe('cancelled')
    expect((await client.beta.chatkit.sessions.cancel(session.id)).status).toBe('cancelled')
  })
})

describe('createChatKitEmulator: rate limit per API key', () => {
  it('answers 429 with retry-after in seconds once a key is over its limit, per key', async () => {
    const { client, clock, emulator } = setup({ rateLimit: { requestsPerMinute: 2 } })
    await client.beta.chatkit.sessions.create(minimalBody)
    clock.advance(10_000)
    await client.beta.chatkit.sessions.create(minimalBody)
    const error: unknown = await client.beta.chatkit.sessions.create(minimalBody).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.RateLimitError)
    const { headers } = error as InstanceType<typeof OpenAI.RateLimitError>
    expect(headers?.get('retry-after')).toBe('50')

    const other = new OpenAI({
      apiKey: 'sk-other',
      baseURL: emulator.baseURL,
      fetch: emulator.fetch,
      maxRetries: 0,
    })
    await expect(other.beta.chatkit.sessions.create(minimalBody)).resolves.toMatchObject({ status: 'active' })

    clock.advance(50_000)
    await expect(client.beta.chatkit.sessions.create(minimalBody)).resolves.toMatchObject({
      status: 'active',
    })
  })

  it('refuses a rate limit below 1', () => {
    expect(() => createChatKitEmulator({ rateLimit: { requestsPerMinute: 0 } })).toThrow(RangeError)
  })
})

describe('createChatKitEmulator: faults', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it.each([500, 503, 401, 403])(
    'answers every session request with status %i and an error body',
    async (status) => {
      const { client, emulator } = setup({ faults: { status } })
      const error: unknown = await client.beta.chatkit.sessions.create(minimalBody).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(OpenAI.APIError)
      expect(error).toMatchObject({ status })
      expect((error as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({
        message: expect.any(String),
      })
      const cancel: unknown = await client.beta.chatkit.sessions.cancel('cksess_1').catch((e: unknown) => e)
      expect(cancel).toMatchObject({ status })
      emulator.setFaults({ status: null })
      await expect(client.beta.chatkit.sessions.create(minimalBody)).resolves.toMatchObject({
        status: 'active',
      })
    },
  )

  it('fails the fraction failRate of creations with 500, drawn from random', async () => {
    const draws = [0.1, 0.9, 0.2, 0.8]
    const { client, emulator } = setup({ random: () => draws.shift() ?? 0, faults: { failRate: 0.5 } })
    const results: string[] = []
    for (let call = 0; call < 4; call += 1) {
      results.push(
        await client.beta.chatkit.sessions.create(minimalBody).then(
          () => 'fulfilled',
          () => 'rejected',
        ),
      )
    }
    expect(results).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled'])
    expect(emulator.requests.map((request) => request.status)).toEqual([500, 200, 500, 200])
  })

  it('drops the connection: the in-process fetch rejects with a TypeError', async () => {
    const { client, emulator } = setup({ faults: { dropConnection: true } })
    await expect(emulator.fetch(`${emulator.baseURL}/chatkit/sessions`, { method: 'POST' })).rejects.toThrow(
      TypeError,
    )
    const error: unknown = await client.beta.chatkit.sessions.create(minimalBody).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError)
    expect(emulator.requests.at(-1)).toMatchObject({ status: 0 })
    expect(emulator.listSessions()).toHaveLength(0)
  })

  it('cuts JSON bodies in half for malformedJson', async () => {
    const { client } = setup({ faults: { malformedJson: true } })
    await expect(client.beta.chatkit.sessions.create(minimalBody)).rejects.toThrow(SyntaxError)
  })

  it('issues already-expired sessions for expiredSessions', async () => {
    const { client } = setup({ faults: { expiredSessions: true } })
    const session = await client.beta.chatkit.sessions.create(minimalBody)
    expect(session.status).toBe('expired')
    expect(session.expires_at).toBe(Math.floor(START / 1000) - 1)
  })

  it('waits latencyMs on a setTimeout, and stops waiting when the request aborts', async () => {
    vi.useFakeTimers()
    const { emulator } = setup({ latencyMs: 1_000 })
    let answered = false
    const pending = emulator.handle(apiRequest('/chatkit/sessions', minimalBody)).then((response) => {
      answered = true
      return response
    })
    await vi.advanceTimersByTimeAsync(999)
    expect(answered).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect((await pending).status).toBe(200)

    emulator.setFaults({ latencyMs: 5_000 })
    const controller = new AbortController()
    const aborted = emulator.fetch(`${emulator.baseURL}/chatkit/sessions`, {
      method: 'POST',
      signal: controller.signal,
    })
    controller.abort()
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('switches faults at run time, validates them, and clears them', async () => {
    const { client, emulator } = setup()
    emulator.setFaults({ status: 503, malformedJson: false })
    expect(emulator.getFaults()).toEqual({ status: 503, malformedJson: false })
    emulator.setFaults({ latencyMs: 0 })
    expect(emulator.getFaults()).toEqual({ status: 503, malformedJson: false, latencyMs: 0 })
    expect(() => emulator.setFaults({ failRate: 2 })).toThrow(/failRate/)
    expect(() => emulator.setFaults({ status: 200 })).toThrow(/status/)
    emulator.clearFaults()
    expect(emulator.getFaults()).toEqual({})
    await expect(client.beta.chatkit.sessions.create(minimalBody)).resolves.toMatchObject({
      status: 'active',
    })
  })
})

describe('createChatKitEmulator: state and log', () => {
  it('logs method, path and status, never the key or a secret; reset forgets everything', async () => {
    const seen: unknown[] = []
    const { client, emulator } = setup({ onRequest: (request) => seen.push(request) })
    const session: ChatSession = await client.beta.chatkit.sessions.create(minimalBody)
    await client.beta.chatkit.sessions.cancel(session.id)
    expect(emulator.requests).toEqual([
      { method: 'POST', path: '/v1/chatkit/sessions', status: 200, at: START },
      { method: 'POST', path: `/v1/chatkit/sessions/${session.id}/cancel`, status: 200, at: START },
    ])
    expect(seen).toEqual(emulator.requests)
    const log = JSON.stringify(emulator.requests)
    expect(log).not.toContain(API_KEY)
    expect(log).not.toContain(session.client_secret)
    expect(emulator.listSessions()).toEqual([{ ...session, status: 'cancelled' }])

    emulator.setFaults({ status: 500 })
    emulator.reset()
    expect(emulator.requests).toHaveLength(0)
    expect(emulator.listSessions()).toHaveLength(0)
    expect(emulator.getFaults()).toEqual({})
    expect(emulator.getSession(session.id)).toBeUndefined()
  })
})

describe('createChatKitEmulator: reset', () => {
  it('restores the faults and lifetime it was built with, over what was set at run time', async () => {
    const faults = { status: 503, latencyMs: 0 }
    const { client, emulator } = setup({ faults, lifetimeSeconds: 30, rateLimit: { requestsPerMinute: 1 } })
    emulator.clearFaults()
    await client.beta.chatkit.sessions.create(minimalBody)
    emulator.setFaults({ failRate: 1, expiredSessions: true })
    emulator.setLifetime(5)

    emulator.reset()
    expect(emulator.getFaults()).toEqual(faults)
    expect(emulator.getLifetime()).toBe(30)
    expect(emulator.requests).toEqual([])
    expect(emulator.listSessions()).toEqual([])

    // The rate-limit window is forgotten too: with the faults cleared, the next create is the first.
    emulator.clearFaults()
    const session = await client.beta.chatkit.sessions.create(minimalBody)
    expect(session.expires_at).toBe(Math.floor(START / 1000) + 30)
  })
})

describe('createChatKitEmulator: bounded memory and inputs', () => {
  it(`keeps the newest ${MAX_STORED_SESSIONS} sessions and ${MAX_RECORDED_REQUESTS} requests`, async () => {
    const { emulator } = setup()
    const total = MAX_STORED_SESSIONS + 5
    const ids: string[] = []
    for (let index = 0; index < total; index += 1) {
      const response = await emulator.handle(apiRequest('/chatkit/sessions', minimalBody))
      ids.push(((await response.json()) as ChatSession).id)
    }
    expect(emulator.listSessions()).toHaveLength(MAX_STORED_SESSIONS)
    expect(emulator.getSession(ids[0] ?? '')).toBeUndefined()
    expect(emulator.getSession(ids.at(-1) ?? '')?.status).toBe('active')
    expect(emulator.requests).toHaveLength(MAX_RECORDED_REQUESTS)
  })

  it(`refuses a latency fault over ${MAX_EMULATOR_LATENCY_MS} ms`, () => {
    const { emulator } = setup()
    expect(() => emulator.setFaults({ latencyMs: 2_000_000_000 })).toThrow(/latencyMs: must be at most 60000/)
    expect(emulator.getFaults()).toEqual({})
  })
})
