import { CHATKIT_TOKEN_TYPE } from '@chatkit-session/server/verify'
import { SignJWT, base64url } from 'jose'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MAX_RECORDED_REQUESTS } from '../boundedLog.ts'
import {
  MAX_FORCED_UNAUTHORIZED,
  MAX_STAND_IN_LATENCY_MS,
  STAND_IN_URL,
  createChatKitServerStandIn,
  type ChatKitServerEcho,
  type ChatKitServerRefusal,
  type ChatKitServerStandInBaseOptions,
} from '../createChatKitServerStandIn.ts'

const SECRET = 'stand-in-secret-LEAKCHECK-9e2c4a6b8d0f1357'
const AUDIENCE = STAND_IN_URL
const NOW = Date.UTC(2030, 0, 1, 12, 0, 0, 250)
const NOW_SECONDS = Math.floor(NOW / 1000)

/** A token in the token action's format; each call has a new jti. */
let serial = 0
async function signToken(
  overrides: Record<string, unknown> = {},
  secret = SECRET,
): Promise<{ token: string; jti: string }> {
  serial += 1
  const jti = `ckt_test${serial}`
  const claims = {
    sub: 'user_42',
    aud: AUDIENCE,
    iat: NOW_SECONDS,
    nbf: NOW_SECONDS,
    exp: NOW_SECONDS + 300,
    jti,
  }
  const token = await new SignJWT({ ...claims, ...overrides })
    .setProtectedHeader({ alg: 'HS256', typ: CHATKIT_TOKEN_TYPE })
    .sign(new TextEncoder().encode(secret))
  return { token, jti }
}

function setup(options: ChatKitServerStandInBaseOptions = {}) {
  return createChatKitServerStandIn({ secret: SECRET, audience: AUDIENCE, now: () => NOW, ...options })
}

function call(standIn: { fetch: typeof fetch }, token?: string, init: RequestInit = {}, path = '') {
  const headers = new Headers(init.headers)
  if (token !== undefined) headers.set('authorization', `Bearer ${token}`)
  return standIn.fetch(`${STAND_IN_URL}${path}`, { method: 'POST', ...init, headers })
}

async function refusalOf(response: Response): Promise<ChatKitServerRefusal['error']> {
  return ((await response.json()) as ChatKitServerRefusal).error
}

afterEach(() => {
  vi.useRealTimers()
})

describe('createChatKitServerStandIn: valid tokens', () => {
  it('answers 200 with an echo of the user, the token id, the method, the path and the body', async () => {
    const standIn = setup()
    const { token, jti } = await signToken()
    const response = await call(standIn, token, { body: '{"type":"threads.create"}' }, '/threads?x=1')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('cache-control')).toBe('no-store')
    const echo: ChatKitServerEcho = await response.json()
    expect(echo).toEqual({
      ok: true,
      user: 'user_42',
      tokenId: jti,
      method: 'POST',
      path: '/chatkit/threads',
      body: '{"type":"threads.create"}',
    })
    expect(standIn.requests).toEqual([
      {
        method: 'POST',
        path: '/chatkit/threads',
        status: 200,
        tokenId: jti,
        userId: 'user_42',
        bodyBytes: 25,
        at: NOW,
      },
    ])
  })

  it('answers GET with a null body', async () => {
    const { token } = await signToken()
    const echo: ChatKitServerEcho = await (await call(setup(), token, { method: 'GET' })).json()
    expect(echo).toMatchObject({ method: 'GET', body: null })
  })

  it('accepts a custom verify function instead of a secret', async () => {
    const verify = vi.fn(async (token: unknown) =>
      token === 'opaque-token'
        ? {
            ok: true as const,
            userId: 'u_custom',
            tokenId: 't_1',
            expiresAt: 0,
            claims: { sub: 'u_custom', jti: 't_1', exp: 0 },
          }
        : { ok: false as const, error: { code: 'malformed' as const, message: 'no' } },
    )
    const standIn = createChatKitServerStandIn({ verify })
    expect(await (await call(standIn, 'opaque-token')).json()).toMatchObject({ user: 'u_custom' })
    expect((await call(standIn, 'other')).status).toBe(401)
    expect(verify).toHaveBeenCalledTimes(2)
  })
})

describe('createChatKitServerStandIn: 401 for every refused token', () => {
  it.each<[string, () => Promise<string | undefined>, string]>([
    ['no Authorization header', async () => undefined, 'missing'],
    ['an expired token', async () => (await signToken({ exp: NOW_SECONDS - 60 })).token, 'expired'],
    [
      'a token forged with another secret',
      async () => (await signToken({}, 'x'.repeat(40))).token,
      'invalid_signature',
    ],
    [
      'a token for another audience',
      async () => (await signToken({ aud: 'https://other' })).token,
      'wrong_audience',
    ],
    ['a token without sub', async () => (await signToken({ sub: undefined })).token, 'malformed'],
    ['garbage', async () => 'not-a-jwt', 'malformed'],
    [
      'an unsigned alg: none token',
      async () => {
        const encode = (value: object) => base64url.encode(JSON.stringify(value))
        return `${encode({ alg: 'none' })}.${encode({ sub: 'admin', aud: AUDIENCE, exp: NOW_SECONDS + 60, jti: 'j' })}.`
      },
      'malformed',
    ],
  ])('%s: 401 %s', async (_name, makeToken, code) => {
    const standIn = setup()
    const response = await call(standIn, await makeToken())
    expect(response.status).toBe(401)
    expect(await refusalOf(response)).toEqual({ code, message: expect.any(String) })
    expect(response.headers.get('www-authenticate')).toBe(
      code === 'missing' ? 'Bearer realm="chatkit"' : 'Bearer realm="chatkit", error="invalid_token"',
    )
    expect(standIn.requests).toEqual([
      { method: 'POST', path: '/chatkit', status: 401, code, bodyBytes: 0, at: NOW },
    ])
  })

  it('treats a non-Bearer Authorization header as missing', async () => {
    const { token } = await signToken()
    const response = await setup().fetch(STAND_IN_URL, { headers: { authorization: `Basic ${token}` } })
    expect(await refusalOf(response)).toMatchObject({ code: 'missing' })
  })
})

describe('createChatKitServerStandIn: faults', () => {
  it('forceUnauthorizedNext(n) answers the next n requests 401 forced, even with a valid token', async () => {
    const standIn = setup()
    const { token } = await signToken()
    standIn.forceUnauthorizedNext(2)
    expect(standIn.getForcedUnauthorized()).toBe(2)
    expect(await refusalOf(await call(standIn, token))).toMatchObject({ code: 'forced' })
    expect(await refusalOf(await call(standIn, token))).toMatchObject({ code: 'forced' })
    expect((await call(standIn, token)).status).toBe(200)
    expect(standIn.requests.map((request) => request.status)).toEqual([401, 401, 200])
    expect(standIn.getForcedUnauthorized()).toBe(0)
  })

  it('lets a client recover from one forced 401 with one new token and one retry of the same body', async () => {
    const standIn = setup()
    standIn.forceUnauthorizedNext(1)
    const body = JSON.stringify({ type: 'threads.add_user_message', text: 'héllo' })
    const first = await signToken()
    expect((await call(standIn, first.token, { body })).status).toBe(401)
    const second = await signToken()
    const retry = await call(standIn, second.token, { body })
    expect(retry.status).toBe(200)
    expect(((await retry.json()) as ChatKitServerEcho).body).toBe(body)
    const [refused, accepted] = standIn.requests
    // The refused request's body is never read; the accepted retry's is.
    expect(refused).toMatchObject({ status: 401, code: 'forced', bodyBytes: 0 })
    expect(accepted).toMatchObject({
      status: 200,
      tokenId: second.jti,
      bodyBytes: new TextEncoder().encode(body).length,
    })
  })

  it('validates the count and the latency', () => {
    const standIn = setup()
    expect(() => standIn.forceUnauthorizedNext(-1)).toThrow(TypeError)
    expect(() => standIn.forceUnauthorizedNext(1.5)).toThrow(/forceUnauthorizedNext/)
    expect(() => standIn.setLatency(-1)).toThrow(/setLatency/)
    expect(() => setup({ latencyMs: Number.NaN })).toThrow(TypeError)
  })

  it('waits latencyMs on a setTimeout before answering, and stops waiting when the request aborts', async () => {
    vi.useFakeTimers()
    const standIn = setup({ latencyMs: 1_000 })
    const { token } = await signToken()
    let answered = false
    const pending = call(standIn, token).then((response) => {
      answered = true
      return response
    })
    await vi.advanceTimersByTimeAsync(999)
    expect(answered).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect((await pending).status).toBe(200)

    standIn.setLatency(5_000)
    expect(standIn.getLatency()).toBe(5_000)
    const controller = new AbortController()
    const aborted = call(standIn, token, { signal: controller.signal })
    controller.abort()
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('reset() forgets requests and forced 401s and restores the latency option', async () => {
    const standIn = setup({ latencyMs: 0 })
    await call(standIn)
    standIn.forceUnauthorizedNext(3)
    standIn.setLatency(10)
    standIn.reset()
    expect(standIn.requests).toEqual([])
    expect(standIn.getForcedUnauthorized()).toBe(0)
    expect(standIn.getLatency()).toBe(0)
  })
})

describe('createChatKitServerStandIn: reset', () => {
  it('restores the latency it was built with over the run-time one, in code and on the control route', async () => {
    const standIn = setup({ latencyMs: 250, control: true })
    const control = (route: string, body?: unknown) =>
      standIn.handle(
        new Request(`${STAND_IN_URL}/__chatkit-server${route}`, {
          method: 'POST',
          body: JSON.stringify(body),
        }),
      )
    standIn.setLatency(0)
    await call(standIn)
    await control('/latency', { ms: 40 })
    standIn.forceUnauthorizedNext(2)

    expect(await (await control('/reset')).json()).toEqual({ reset: true })
    expect(standIn.getLatency()).toBe(250)
    expect(standIn.getForcedUnauthorized()).toBe(0)
    expect(standIn.requests).toEqual([])

    standIn.setLatency(5)
    standIn.forceUnauthorizedNext(1)
    standIn.reset()
    expect([standIn.getLatency(), standIn.getForcedUnauthorized()]).toEqual([250, 0])
  })
})

describe('createChatKitServerStandIn: the token stays out of the log', () => {
  it('records ids and codes, never a token, on any path', async () => {
    const onRequest = vi.fn()
    const standIn = setup({ onRequest })
    const tokens = await Promise.all([
      signToken(),
      signToken({ exp: NOW_SECONDS - 60 }),
      signToken({}, 'y'.repeat(40)),
      signToken({ aud: 'elsewhere' }),
    ])
    standIn.forceUnauthorizedNext(1)
    const bodies: string[] = []
    for (const { token } of [...tokens, tokens[0] ?? { token: '' }]) {
      bodies.push(await (await call(standIn, token)).text())
    }
    expect(standIn.requests.map((request) => request.code ?? request.status)).toEqual([
      'forced',
      'expired',
      'invalid_signature',
      'wrong_audience',
      200,
    ])
    expect(onRequest).toHaveBeenCalledTimes(5)
    const everything = [
      JSON.stringify(standIn.requests),
      JSON.stringify(onRequest.mock.calls),
      ...bodies,
    ].join('\n')
    for (const { token } of tokens) {
      const signature = token.split('.')[2] ?? ''
      expect(everything).not.toContain(token)
      expect(everything).not.toContain(signature)
    }
    expect(everything).not.toContain(SECRET)
  })
})

describe('createChatKitServerStandIn: bounded inputs and memory', () => {
  const controlRequest = (route: string, body: unknown) =>
    new Request(`${STAND_IN_URL}/__chatkit-server${route}`, { method: 'POST', body: JSON.stringify(body) })

  it(`refuses a latency over ${MAX_STAND_IN_LATENCY_MS} ms and a count over ${MAX_FORCED_UNAUTHORIZED}, in code and on the control routes`, async () => {
    const standIn = setup({ control: true })
    expect(() => standIn.setLatency(2_000_000_000)).toThrow(/setLatency: ms: must be at most 60000/)
    expect(() => standIn.forceUnauthorizedNext(1e12)).toThrow(
      /forceUnauthorizedNext: count: must be at most 1000/,
    )
    expect(() => setup({ latencyMs: MAX_STAND_IN_LATENCY_MS + 1 })).toThrow(TypeError)
    const latency = await standIn.handle(controlRequest('/latency', { ms: 2_000_000_000 }))
    expect(latency.status).toBe(400)
    const count = await standIn.handle(controlRequest('/unauthorized', { count: 1e12 }))
    expect(count.status).toBe(400)
    expect(standIn.getLatency()).toBe(0)
    expect(standIn.getForcedUnauthorized()).toBe(0)
    expect((await standIn.handle(controlRequest('/latency', { ms: MAX_STAND_IN_LATENCY_MS }))).status).toBe(
      200,
    )
  })

  it(`keeps the last ${MAX_RECORDED_REQUESTS} requests of 12,000 unauthenticated ones, and reads none of their bodies`, async () => {
    const standIn = setup()
    const requests = Array.from(
      { length: 12_000 },
      (_, index) => new Request(`${STAND_IN_URL}/r${index}`, { method: 'POST', body: 'x'.repeat(100) }),
    )
    for (const request of requests) expect((await standIn.handle(request)).status).toBe(401)
    expect(standIn.requests).toHaveLength(MAX_RECORDED_REQUESTS)
    expect(standIn.requests[0]?.path).toBe(`/chatkit/r${12_000 - MAX_RECORDED_REQUESTS}`)
    expect(standIn.requests.at(-1)).toMatchObject({ path: '/chatkit/r11999', code: 'missing', bodyBytes: 0 })
    expect(requests.some((request) => request.bodyUsed)).toBe(false)
  })

  it('reads the body of an authenticated request only', async () => {
    const standIn = setup()
    const { token } = await signToken()
    const forged = (await signToken({}, 'another-secret-of-at-least-32-bytes-00')).token
    const refused = new Request(STAND_IN_URL, {
      method: 'POST',
      headers: { authorization: `Bearer ${forged}` },
      body: 'hello',
    })
    expect((await standIn.handle(refused)).status).toBe(401)
    expect(refused.bodyUsed).toBe(false)
    const accepted = new Request(STAND_IN_URL, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: 'hello',
    })
    expect((await standIn.handle(accepted)).status).toBe(200)
    expect(standIn.requests.at(-1)).toMatchObject({ status: 200, bodyBytes: 5 })
  })
})
