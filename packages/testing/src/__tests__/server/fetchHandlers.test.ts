import { errorCodeFromStatus } from '@chatkit-session/core'
import OpenAI from 'openai'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createChatKitCancelHandler,
  createChatKitSessionHandler,
  createChatKitTokenHandler,
  type ChatKitFetchHandler,
  type OnChatKitError,
} from '@chatkit-session/server/fetch'
import { verifyChatKitToken } from '@chatkit-session/server/verify'
import { API_KEY, createChatKitEmulator, loose } from './setup.ts'

const ORIGIN = 'https://app.example'
const URL_ = `${ORIGIN}/api/chatkit/session`
const SECRET = 'a-handler-test-secret-of-at-least-32-bytes'
/** A value sent in bodies: no answer may quote it. */
const MARKER = 'BODY-MARKER-7d1c'

let emulator: ReturnType<typeof createChatKitEmulator>
let client: OpenAI
let onError: ReturnType<typeof vi.fn<OnChatKitError>>
/** The signed-in user, read from a header the test sets (a stand-in for a verified cookie). */
const getUser = (request: Request) => request.headers.get('x-test-user')

beforeEach(() => {
  emulator = createChatKitEmulator({ workflows: { wf_support: {}, wf_gone: { retired: true } } })
  client = new OpenAI({ apiKey: API_KEY, baseURL: emulator.baseURL, fetch: emulator.fetch, maxRetries: 0 })
  onError = vi.fn<OnChatKitError>()
})

afterEach(() => vi.restoreAllMocks())

const createSession = (options: Partial<Parameters<typeof createChatKitSessionHandler>[0]> = {}) =>
  createChatKitSessionHandler({ client, getUser, workflow: { id: 'wf_support' }, onError, ...options })

/** A same-origin browser POST of `body` (a string is sent as is) for `user`. */
function post(body: unknown, init: { user?: string | null; headers?: Record<string, string> } = {}) {
  const headers = new Headers({
    'content-type': 'application/json',
    origin: ORIGIN,
    'sec-fetch-site': 'same-origin',
  })
  if (init.user !== null) headers.set('x-test-user', init.user ?? 'user_1')
  for (const [name, value] of Object.entries(init.headers ?? {})) headers.set(name, value)
  return new Request(URL_, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** Status, headers and JSON of an answer, after the checks every answer must pass. */
async function read(response: Response) {
  expect(response.headers.get('cache-control')).toBe('no-store')
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
  const text = await response.text()
  expect(text).not.toContain(MARKER)
  const json = JSON.parse(text) as {
    ok: boolean
    session?: Record<string, unknown>
    error?: { code: string }
  }
  return { status: response.status, headers: response.headers, json }
}

/** Reads a refusal: the status, and the `{ ok: false, error }` shape with the status's own code. */
async function refusal(handler: ChatKitFetchHandler, request: Request) {
  const { status, headers, json } = await read(await handler(request))
  expect(json.ok).toBe(false)
  expect(json.error?.code).toBe(errorCodeFromStatus(status))
  expect(emulator.listSessions()).toHaveLength(0)
  return { status, headers, error: json.error }
}

describe('createChatKitSessionHandler', () => {
  it('200: a same-origin POST gets { ok: true, session } for the user getUser reads from the request', async () => {
    const { status, json } = await read(await createSession()(post({ user: 'someone_else' })))
    expect(status).toBe(200)
    expect(json.ok).toBe(true)
    expect(json.session?.client_secret).toMatch(/^ek_/)
    // The user comes from the request's verified header, never from the body.
    const [session] = emulator.listSessions()
    expect(session?.user).toBe('user_1')
  })

  it('passes the body to the action as its input: allowlisted state variables only', async () => {
    const { z } = await import('zod')
    const handler = createSession({ stateVariables: z.object({ locale: z.enum(['en', 'fr']) }) })
    const { status } = await read(await handler(post({ state_variables: { locale: 'fr', plan: 'x' } })))
    expect(status).toBe(200)
    expect(emulator.listSessions()[0]?.workflow.state_variables).toEqual({ locale: 'fr' })
    const refused = await read(await handler(post({ state_variables: { locale: MARKER } })))
    expect([refused.status, refused.json.error?.code]).toEqual([400, 'bad_request'])
  })

  it('401 unauthorized when getUser finds nobody', async () => {
    const { status, error } = await refusal(createSession(), post({}, { user: null }))
    expect([status, error?.code]).toEqual([401, 'unauthorized'])
  })

  it('405 for anything but POST, with Allow: POST', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
      const { status, headers } = await refusal(
        createSession(),
        new Request(URL_, { method, headers: { origin: ORIGIN } }),
      )
      expect(status).toBe(405)
      expect(headers.get('allow')).toBe('POST')
    }
  })

  it('403 for a cross-site POST (Origin of another site, Origin: null, or Sec-Fetch-Site alone)', async () => {
    const requests = [
      post({}, { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } }),
      post({}, { headers: { origin: 'null' } }),
      post({}, { headers: { origin: 'http://app.example' } }),
      new Request(URL_, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site', 'x-test-user': 'u' },
        body: '{}',
      }),
      new Request(URL_, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-site', 'x-test-user': 'u' },
        body: '{}',
      }),
    ]
    for (const request of requests) {
      const { status, error } = await refusal(createSession(), request)
      expect([status, error?.code]).toEqual([403, 'forbidden'])
    }
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'forbidden' }),
      expect.objectContaining({ action: 'create', hint: expect.stringContaining('https://evil.example') }),
    )
  })

  it('lets a non-browser caller (no Origin, no Sec-Fetch-Site) through to getUser', async () => {
    const request = new Request(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-user': 'user_2' },
      body: '{}',
    })
    expect((await read(await createSession()(request))).status).toBe(200)
  })

  it('allowedOrigins: that origin passes and gets CORS headers and a preflight answer', async () => {
    const handler = createSession({ allowedOrigins: ['https://admin.example'] })
    const headers = { origin: 'https://admin.example', 'sec-fetch-site': 'same-site' }
    const preflight = await handler(
      new Request(URL_, {
        method: 'OPTIONS',
        headers: { ...headers, 'access-control-request-headers': 'content-type' },
      }),
    )
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://admin.example')
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST')
    const { status, headers: answer } = await read(await handler(post({}, { headers })))
    expect(status).toBe(200)
    expect(answer.get('access-control-allow-origin')).toBe('https://admin.example')
    expect(answer.get('access-control-allow-credentials')).toBe('true')
    // A same-origin answer names no other origin.
    expect((await handler(post({}))).headers.get('access-control-allow-origin')).toBeNull()
    expect(() => createSession({ allowedOrigins: ['https://admin.example/'] })).toThrow(TypeError)
  })

  it('415 for a body that is not declared JSON (a form post cannot forge one)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', '']) {
      const { status } = await refusal(
        createSession(),
        post({ MARKER }, { headers: { 'content-type': type } }),
      )
      expect(status).toBe(415)
    }
    // Parameters on the media type are fine.
    const charset = post({}, { headers: { 'content-type': 'Application/JSON; charset=utf-8' } })
    expect((await createSession()(charset)).status).toBe(200)
  })

  it('413 for a body over maxBodyBytes, declared or streamed, and the default is 8 KiB', async () => {
    const big = JSON.stringify({ state_variables: { note: MARKER + 'x'.repeat(9000) } })
    expect((await refusal(createSession(), post(big))).status).toBe(413)
    // No Content-Length: reading stops at the limit.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++)
          controller.enqueue(new TextEncoder().encode(`"${MARKER}${'y'.repeat(1000)}",`))
        controller.close()
      },
    })
    const streamed = new Request(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, 'x-test-user': 'u' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect((await refusal(createSession(), streamed)).status).toBe(413)
    expect((await refusal(createSession({ maxBodyBytes: 10 }), post({ abcdefghij: 1 }))).status).toBe(413)
    expect(() => createSession({ maxBodyBytes: 0 })).toThrow(TypeError)
  })

  it('400 for a body that is not a JSON object, without quoting it', async () => {
    for (const body of [`{"${MARKER}": `, '', `["${MARKER}"]`, `"${MARKER}"`, 'null']) {
      const { status, error } = await refusal(createSession(), post(body))
      expect([status, error?.code]).toEqual([400, 'bad_request'])
    }
  })

  it('answers API failures with the status of their code: 429 with Retry-After, 5xx, a retired workflow', async () => {
    emulator.setFaults({ status: 429 })
    const limited = await read(await createSession()(post({})))
    expect([limited.status, limited.json.error?.code]).toEqual([429, 'rate_limited'])
    expect(limited.json.error).toMatchObject({ retryAfterMs: 1000 })
    expect(limited.headers.get('retry-after')).toBe('1')

    emulator.setFaults({ status: 503 })
    const down = await read(await createSession()(post({})))
    expect([down.status, down.json.error?.code]).toEqual([502, 'server_error'])

    emulator.setFaults({ status: 401 })
    const badKey = await read(await createSession()(post({})))
    expect([badKey.status, badKey.json.error?.code]).toEqual([401, 'unauthorized'])

    emulator.clearFaults()
    const retired = await read(await createSession({ workflow: { id: 'wf_gone' } })(post({})))
    expect([retired.status, retired.json.error?.code]).toEqual([404, 'workflow_unavailable'])

    const unsupported = await read(await createSession({ client: loose({}) })(post({})))
    expect([unsupported.status, unsupported.json.error?.code]).toEqual([501, 'unsupported'])
  })

  it('lets what getUser throws propagate, for the framework (and Next.js redirect())', async () => {
    const thrown = new Error('NEXT_REDIRECT')
    const handler = createSession({
      getUser: () => {
        throw thrown
      },
    })
    await expect(handler(post({}))).rejects.toBe(thrown)
  })
})

describe('createChatKitCancelHandler', () => {
  const CANCEL_SECRET = 'a-cancel-secret-of-at-least-32-bytes!!'
  const cancel = () => createChatKitCancelHandler({ client, getUser, cancelSecret: CANCEL_SECRET, onError })
  const createOwned = async (user = 'user_1') => {
    const handler = createSession({ cancelSecret: CANCEL_SECRET })
    const created = await read(await handler(post({}, { user })))
    return { id: String(created.json.session?.id), handle: String(created.json.session?.cancel_handle) }
  }

  it("200 for the owner; 400 without an id or a handle; 403 for another user or another session's handle", async () => {
    const { id, handle } = await createOwned()
    const stranger = await read(
      await cancel()(post({ sessionId: id, cancelHandle: handle }, { user: 'user_2' })),
    )
    expect([stranger.status, stranger.json.error?.code]).toEqual([403, 'forbidden'])
    expect(emulator.getSession(id)?.status).toBe('active')
    const cancelled = await read(await cancel()(post({ sessionId: id, cancelHandle: handle })))
    expect([cancelled.status, cancelled.json.session?.status]).toEqual([200, 'cancelled'])
    expect(emulator.getSession(id)?.status).toBe('cancelled')

    const missing = await read(await cancel()(post({ session: MARKER })))
    expect([missing.status, missing.json.error?.code]).toEqual([400, 'bad_request'])
    const noHandle = await read(await cancel()(post({ sessionId: id })))
    expect([noHandle.status, noHandle.json.error?.code]).toEqual([400, 'bad_request'])
    const other = await createOwned()
    const unknown = await read(
      await cancel()(post({ sessionId: 'cksess_unknown', cancelHandle: other.handle })),
    )
    expect([unknown.status, unknown.json.error?.code]).toEqual([403, 'forbidden'])
  })

  it('refuses a cross-site cancel before the API hears of it', async () => {
    const { id, handle } = await createOwned()
    const response = await cancel()(
      post({ sessionId: id, cancelHandle: handle }, { headers: { origin: 'https://evil.example' } }),
    )
    expect(response.status).toBe(403)
    expect(emulator.getSession(id)?.status).toBe('active')
  })

  it('refuses a configuration without cancelSecret when it is created', () => {
    expect(() => createChatKitCancelHandler(loose({ client, getUser }))).toThrow(TypeError)
  })
})

describe('createChatKitTokenHandler', () => {
  const mint = (options: { ttlSeconds?: number } = {}) =>
    createChatKitTokenHandler({ secret: SECRET, audience: 'chatkit-server', getUser, onError, ...options })

  it('200 with a token for the request user (the body is ignored), 401 without one', async () => {
    const { status, json } = await read(await mint()(post({ sub: 'attacker' }, { user: 'user_7' })))
    expect(status).toBe(200)
    const verified = await verifyChatKitToken(String(json.session?.client_secret), {
      secret: SECRET,
      audience: 'chatkit-server',
    })
    expect(verified.ok && verified.userId).toBe('user_7')
    const { status: refused, error } = await refusal(mint(), post({}, { user: null }))
    expect([refused, error?.code]).toEqual([401, 'unauthorized'])
  })

  it('applies the same HTTP checks: 405, 403, 415, 413, 400', async () => {
    const statuses = await Promise.all(
      [
        new Request(URL_, { method: 'GET' }),
        post({}, { headers: { origin: 'https://evil.example' } }),
        post({}, { headers: { 'content-type': 'text/plain' } }),
        post({ pad: 'z'.repeat(9000) }),
        post('[]'),
      ].map(async (request) => (await mint()(request)).status),
    )
    expect(statuses).toEqual([405, 403, 415, 413, 400])
  })

  it('throws a configuration error when the handler is created, not on the first request', () => {
    expect(() => mint({ ttlSeconds: 0 })).toThrow(TypeError)
    expect(() => createChatKitTokenHandler({ secret: 'short', audience: 'chatkit-server', getUser })).toThrow(
      TypeError,
    )
  })
})
