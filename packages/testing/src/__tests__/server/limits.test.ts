import OpenAI from 'openai'
import { describe, expect, it, vi } from 'vitest'
import {
  createChatKitSessionAction,
  createChatKitTokenAction,
  type OnChatKitError,
} from '@chatkit-session/server'
import {
  RATE_LIMITED_MESSAGE,
  createChatKitSessionHandler,
  createChatKitTokenHandler,
  createVisitorCookie,
  type IssuanceLimits,
} from '@chatkit-session/server/fetch'
import { API_KEY, createChatKitEmulator, loose } from './setup.ts'

const LIMITS_SECRET = 'a-limits-test-key-that-is-32-bytes-long'
const TOKEN_SECRET = 'a-token-test-secret-of-at-least-32-bytes'
const ORIGIN = 'https://app.example'

function post(url: string, headers: Record<string, string> = {}) {
  return new Request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: ORIGIN,
      'sec-fetch-site': 'same-origin',
      ...headers,
    },
    body: '{}',
  })
}

const tokenHandler = (limits: Omit<IssuanceLimits, 'secret'>, onError?: OnChatKitError) =>
  createChatKitTokenHandler({
    secret: TOKEN_SECRET,
    audience: 'https://chatkit.example',
    getUser: (request) => request.headers.get('x-test-user'),
    limits: { secret: LIMITS_SECRET, ...limits },
    onError,
  })

describe('limits on the Fetch handlers', () => {
  it('answers 429 with Retry-After and a generic message; onError alone learns the tier', async () => {
    const onError = vi.fn<OnChatKitError>()
    const handler = tokenHandler({ user: [{ limit: 2, window: 60_000 }] }, onError)
    const request = () => post(`${ORIGIN}/api/chatkit/token`, { 'x-test-user': 'user_42' })
    expect((await handler(request())).status).toBe(200)
    expect((await handler(request())).status).toBe(200)
    const refused = await handler(request())
    expect(refused.status).toBe(429)
    // One call per 30 s refills: Retry-After is the time until it does, in whole seconds.
    expect(refused.headers.get('retry-after')).toBe('30')
    const body = await refused.text()
    const json = JSON.parse(body) as { ok: false; error: { retryAfterMs: number } }
    expect(json).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: RATE_LIMITED_MESSAGE, retryAfterMs: expect.any(Number) },
    })
    expect(json.error.retryAfterMs).toBeGreaterThan(29_000)
    expect(json.error.retryAfterMs).toBeLessThanOrEqual(30_000)
    expect(body).not.toMatch(/user_42|\b2\b|user\b|tier/)
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError.mock.calls[0]?.[1]).toMatchObject({ action: 'token', user: 'user_42', tier: 'user' })
  })

  it('keeps the IP tier off without a trust setting, whatever X-Forwarded-For says', async () => {
    const handler = tokenHandler({ user: [], ip: [{ limit: 1, window: 60_000 }] })
    for (let i = 0; i < 5; i += 1) {
      const response = await handler(
        post(`${ORIGIN}/api/chatkit/token`, { 'x-test-user': `u${i}`, 'x-forwarded-for': '203.0.113.9' }),
      )
      expect(response.status).toBe(200)
    }
  })

  it('with { proxyHops: 1 } limits by the address the proxy appended, not the one the caller wrote', async () => {
    const onError = vi.fn<OnChatKitError>()
    const handler = tokenHandler(
      { user: [], ip: [{ limit: 2, window: 60_000 }], clientIp: { proxyHops: 1 } },
      onError,
    )
    const from = (forged: string, user: string) =>
      handler(
        post(`${ORIGIN}/api/chatkit/token`, {
          'x-test-user': user,
          'x-forwarded-for': `${forged}, 198.51.100.7`,
        }),
      )
    expect((await from('10.0.0.1', 'a')).status).toBe(200)
    expect((await from('10.0.0.2', 'b')).status).toBe(200)
    // A new forged address on the left and a new user change nothing: the same client is refused.
    expect((await from('10.0.0.3', 'c')).status).toBe(429)
    expect(onError.mock.calls[0]?.[1]).toMatchObject({ tier: 'ip' })
    // Another client of the same proxy is not.
    const other = await handler(
      post(`${ORIGIN}/api/chatkit/token`, { 'x-test-user': 'd', 'x-forwarded-for': '198.51.100.8' }),
    )
    expect(other.status).toBe(200)
  })

  it('limits the session handler too, before any session is created, and never twice for one refusal', async () => {
    const emulator = createChatKitEmulator({ workflows: { wf_support: {} } })
    const client = new OpenAI({
      apiKey: API_KEY,
      baseURL: emulator.baseURL,
      fetch: emulator.fetch,
      maxRetries: 0,
    })
    const handler = createChatKitSessionHandler({
      client,
      workflow: { id: 'wf_support' },
      getUser: () => 'user_1',
      limits: {
        secret: LIMITS_SECRET,
        user: [{ limit: 3, window: 60_000 }],
        clientIp: { platform: 'cloudflare' },
        global: [{ limit: 100, window: 60_000 }],
      },
    })
    const statuses = []
    for (let i = 0; i < 6; i += 1) {
      statuses.push(
        (await handler(post(`${ORIGIN}/api/chatkit/session`, { 'cf-connecting-ip': '192.0.2.1' }))).status,
      )
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429])
    expect(emulator.listSessions()).toHaveLength(3)
  })
})

describe('the Fetch handlers build their action once (a per-call request context)', () => {
  it('imports a PEM private key once, on the first request, not once per request', async () => {
    const { generateKeyPairSync } = await import('node:crypto')
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const importKey = vi.spyOn(globalThis.crypto.subtle, 'importKey')
    try {
      const handler = createChatKitTokenHandler({
        privateKey: pem,
        algorithm: 'ES256',
        audience: 'https://chatkit.example',
        getUser: (request) => request.headers.get('x-test-user'),
        limits: { secret: LIMITS_SECRET },
      })
      const atCreation = importKey.mock.calls.length
      for (let i = 0; i < 3; i += 1) {
        const response = await handler(post(`${ORIGIN}/api/chatkit/token`, { 'x-test-user': `user_${i}` }))
        expect(response.status).toBe(200)
      }
      expect(importKey.mock.calls.length - atCreation).toBe(1)
    } finally {
      importKey.mockRestore()
    }
  })
})

describe('limits on the server actions', () => {
  it('reads the client IP through the `headers` option (Next.js headers())', async () => {
    const onError = vi.fn<OnChatKitError>()
    let ip = '203.0.113.5'
    const mint = createChatKitTokenAction({
      secret: TOKEN_SECRET,
      audience: 'https://chatkit.example',
      getUser: () => `user_${Math.random()}`,
      headers: () => Promise.resolve(new Headers({ 'x-real-ip': ip })),
      limits: { secret: LIMITS_SECRET, ip: [{ limit: 1, window: 60_000 }], clientIp: { platform: 'vercel' } },
      onError,
    })
    expect((await mint()).ok).toBe(true)
    expect(await mint()).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', message: RATE_LIMITED_MESSAGE },
    })
    ip = '2001:db8:5::1'
    expect((await mint()).ok).toBe(true)
    // The same /64: the same bucket.
    ip = '2001:db8:5::2'
    expect((await mint()).ok).toBe(false)
    expect(onError.mock.calls.map(([, context]) => context.tier)).toEqual(['ip', 'ip'])
  })

  it('refuses a bad configuration when the action is created, naming the option only', () => {
    const base = { client: loose<OpenAI>({}), getUser: () => 'u', workflow: { id: 'wf' } }
    expect(() => createChatKitSessionAction({ ...base, limits: { secret: 'short' } })).toThrow(
      'limits.secret: must be at least 32 bytes',
    )
    expect(() =>
      createChatKitSessionAction({
        ...base,
        limits: { secret: LIMITS_SECRET, user: [{ limit: 0, window: 1 }] },
      }),
    ).toThrow('limits.user')
    expect(() =>
      createChatKitSessionAction({
        ...base,
        limits: { secret: LIMITS_SECRET, clientIp: loose({ platform: 'heroku' }) },
      }),
    ).toThrow('clientIp')
    expect(() =>
      createChatKitSessionAction({ ...base, limits: { secret: LIMITS_SECRET, clientIp: { proxyHops: 0 } } }),
    ).toThrow('clientIp')
  })
})

describe('createVisitorCookie', () => {
  const secret = 'a-visitor-cookie-key-of-at-least-32-bytes'

  it('sets a signed HttpOnly cookie on the answer of a first visit, and reads it back after', async () => {
    const visitor = createVisitorCookie({ secret })
    const handler = createChatKitTokenHandler({
      secret: TOKEN_SECRET,
      audience: 'https://chatkit.example',
      getUser: visitor.fromRequest,
    })
    const first = await handler(post(`${ORIGIN}/api/chatkit/token`))
    expect(first.status).toBe(200)
    const cookie = first.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(
      /^chatkit_visitor=v_[\w-]{22}\.\d+\.[\w-]{43}; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax; Secure$/,
    )
    const value = cookie.split(';')[0] ?? ''
    const second = await handler(post(`${ORIGIN}/api/chatkit/token`, { cookie: `other=1; ${value}` }))
    expect(second.headers.get('set-cookie')).toBeNull()
    const sub = (response: Response) =>
      response.json().then((json: { session: { client_secret: string } }) => {
        const payload = json.session.client_secret.split('.')[1] ?? ''
        return (JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub: string }).sub
      })
    expect(await sub(second)).toBe(await sub(first))
  })

  it('refuses a forged, expired or future cookie, and one signed with another key', async () => {
    let now = Date.UTC(2026, 11, 4)
    const visitor = createVisitorCookie({ secret, maxAgeSeconds: 3_600, now: () => now })
    const { visitorId, value } = await visitor.issue()
    expect(await visitor.read(value)).toBe(visitorId)
    const [id, issuedAt, signature = ''] = value.split('.')
    expect(await visitor.read(`v_AAAAAAAAAAAAAAAAAAAAAA.${issuedAt}.${signature}`)).toBeNull()
    expect(await visitor.read(`${id}.${Number(issuedAt) + 1}.${signature}`)).toBeNull()
    expect(await createVisitorCookie({ secret: `${secret}-other` }).read(value)).toBeNull()
    now += 3_601_000
    expect(await visitor.read(value)).toBeNull()
    now -= 2 * 3_601_000
    expect(await visitor.read(value)).toBeNull()
    expect(await visitor.read(undefined)).toBeNull()
  })

  it('works with a Next.js-like cookie store in a server action', async () => {
    const jar = new Map<string, string>()
    const set = vi.fn((name: string, value: string) => jar.set(name, value))
    const cookies = () => ({
      get: (name: string) => (jar.has(name) ? { value: jar.get(name) ?? '' } : undefined),
      set,
    })
    const getUser = createVisitorCookie({ secret }).fromCookies(cookies)
    const first = await getUser()
    expect(set).toHaveBeenCalledWith('chatkit_visitor', expect.any(String), {
      httpOnly: true,
      secure: true,
      sameSite: 'lax',
      path: '/',
      maxAge: 2_592_000,
    })
    expect(await getUser()).toBe(first)
    expect(set).toHaveBeenCalledTimes(1)
  })
})
