import { serve, type ServerType } from '@hono/node-server'
import { createChatKitTokenVerifier } from '@chatkit-session/server/verify'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
// The browser side of the 401 contract, from its source: the fetch `useChatKitApi` hands ChatKit.
import { createAuthorizedFetch } from '../../../react/src/createAuthorizedFetch.ts'
import {
  DEFAULT_CHATKIT_MAX_BODY_BYTES,
  createChatKitHandler,
  type ChatKitHandler,
  type ChatKitHandlerErrorBody,
  type ChatKitHandlerErrorInfo,
  type ChatKitUserContext,
} from '../createChatKitHandler.ts'
import {
  AUDIENCE,
  MARKER,
  ORIGIN,
  SECRET,
  URL_,
  createFakeServer,
  mintToken,
  post,
  type FakeServer,
} from './handlerSetup.ts'

type OnError = (error: unknown, info: ChatKitHandlerErrorInfo<ChatKitUserContext>) => void

function setup(options: { allowedOrigins?: string[]; maxBodyBytes?: number } = {}) {
  const server = createFakeServer()
  const onError = vi.fn<OnError>()
  const handler = createChatKitHandler({
    server,
    verify: { secret: SECRET, audience: AUDIENCE },
    onError,
    ...options,
  })
  return { server, onError, handler }
}

/** Status, headers and body of an error answer, after the checks every error answer passes. */
async function refusal(response: Response) {
  expect(response.headers.get('cache-control')).toBe('no-store')
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
  const text = await response.text()
  expect(text).not.toContain(MARKER)
  expect(text).not.toContain(SECRET)
  return {
    status: response.status,
    body: JSON.parse(text) as ChatKitHandlerErrorBody,
    headers: response.headers,
  }
}

let token: string
beforeAll(async () => {
  token = await mintToken('user_1')
})

describe('createChatKitHandler: authentication', () => {
  it('a valid token reaches the server with the context { userId } from its subject', async () => {
    const { server, handler } = setup()
    const response = await handler(post({ type: 'echo', params: { marker: 'x' } }, { token }))
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await response.json()).toEqual({
      context: { userId: 'user_1' },
      body: { type: 'echo', params: { marker: 'x' } },
    })
    expect(server.calls).toHaveLength(1)
  })

  it('401 without a token, or with an expired, forged or foreign one; the server never runs', async () => {
    const { server, handler } = setup()
    const yesterday = () => Date.now() - 86_400_000
    const cases: [string | undefined, string, string][] = [
      [undefined, 'missing', 'Bearer realm="chatkit"'],
      [
        await mintToken('user_1', { now: yesterday }),
        'expired',
        'Bearer realm="chatkit", error="invalid_token"',
      ],
      [
        await mintToken('user_1', { secret: 'another-secret-that-is-forty-bytes-long!!' }),
        'invalid_signature',
        'Bearer realm="chatkit", error="invalid_token"',
      ],
      [
        await mintToken('user_1', { audience: 'https://other.example' }),
        'wrong_audience',
        'Bearer realm="chatkit", error="invalid_token"',
      ],
      ['not-a-jwt', 'malformed', 'Bearer realm="chatkit", error="invalid_token"'],
    ]
    for (const [sent, code, challenge] of cases) {
      const answer = await refusal(
        await handler(post({ type: 'echo', marker: MARKER }, sent === undefined ? {} : { token: sent })),
      )
      expect(answer.status).toBe(401)
      expect(answer.body).toEqual({ error: { code, message: expect.any(String) } })
      expect(answer.headers.get('www-authenticate')).toBe(challenge)
    }
    expect(server.calls).toEqual([])
  })

  it("answers 401 in the shape useChatKitApi's fetch reads: it renews once and the retry gets through", async () => {
    const { server, handler } = setup()
    const expired = await mintToken('user_1', { now: () => Date.now() - 86_400_000 })
    const getToken = vi.fn((rejected?: string) => Promise.resolve(rejected === undefined ? expired : token))
    const authorizedFetch = createAuthorizedFetch({
      getToken,
      refresh: () => {},
      baseFetch: () => (input, init) => handler(new Request(input as string, init)),
    })
    const response = await authorizedFetch(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'echo' }),
    })
    expect(response.status).toBe(200)
    expect(getToken.mock.calls).toEqual([[], [expired]])
    expect(server.calls).toHaveLength(1)
  })

  it('context(claims, request) builds the app context; a verifier function is accepted too', async () => {
    const handler = createChatKitHandler({
      server: createFakeServer<{ user: string; tenant: string | null }>(),
      verify: createChatKitTokenVerifier({ secret: SECRET, audience: AUDIENCE }),
      context: (claims, request) => ({ user: claims.sub, tenant: request.headers.get('x-tenant') }),
    })
    const response = await handler(post({ type: 'echo' }, { token, headers: { 'x-tenant': 't_1' } }))
    expect(((await response.json()) as { context: unknown }).context).toEqual({
      user: 'user_1',
      tenant: 't_1',
    })
  })

  it("getContext: the app's own auth; null answers 401 unauthorized", async () => {
    const server = createFakeServer()
    const handler = createChatKitHandler<ChatKitUserContext>({
      server,
      getContext: (request) => {
        const user = request.headers.get('x-user')
        return user === null ? null : { userId: user }
      },
    })
    const ok = await handler(post({ type: 'echo' }, { headers: { 'x-user': 'user_9' } }))
    expect(((await ok.json()) as { context: unknown }).context).toEqual({ userId: 'user_9' })
    const answer = await refusal(await handler(post({ type: 'echo' })))
    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } })
    expect(server.calls).toHaveLength(1)
  })

  it('a context that throws answers 500 and goes to onError', async () => {
    const onError = vi.fn<OnError>()
    const failure = new Error('auth backend down')
    const handler = createChatKitHandler({
      server: createFakeServer(),
      getContext: () => Promise.reject(failure),
      onError,
    })
    const answer = await refusal(await handler(post({ type: 'echo' })))
    expect(answer).toMatchObject({ status: 500, body: { error: { code: 'internal_error' } } })
    expect(onError).toHaveBeenCalledWith(failure, { phase: 'context', context: undefined })
  })

  it('bad options throw a TypeError naming the option, never its value', () => {
    const server = createFakeServer()
    const both = { server, verify: { secret: SECRET, audience: AUDIENCE }, getContext: () => null }
    expect(() => createChatKitHandler(both as never)).toThrow(/exactly one of `verify` and `getContext`/)
    expect(() => createChatKitHandler({ server } as never)).toThrow(TypeError)
    expect(() => createChatKitHandler({ server, verify: { secret: 'short', audience: AUDIENCE } })).toThrow(
      TypeError,
    )
    expect(() => createChatKitHandler({ server: {} as never, getContext: () => null })).toThrow(/server/)
    expect(() =>
      createChatKitHandler({ server, getContext: () => null, allowedOrigins: ['https://a.example/'] }),
    ).toThrow(/allowedOrigins/)
    expect(() => createChatKitHandler({ server, getContext: () => null, maxBodyBytes: 1 })).toThrow(
      /maxBodyBytes/,
    )
  })
})

describe('createChatKitHandler: HTTP conventions', () => {
  it('405 with Allow: POST for any other method, before the token is looked at', async () => {
    const { handler } = setup()
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const answer = await refusal(await handler(post({}, { method })))
      expect(answer).toMatchObject({ status: 405, body: { error: { code: 'method_not_allowed' } } })
      expect(answer.headers.get('allow')).toBe('POST')
    }
  })

  it('403 for a cross-site request, even with a valid token; allowedOrigins lets one in with CORS', async () => {
    const { handler, server } = setup({ allowedOrigins: ['https://admin.example'] })
    const evil = await refusal(
      await handler(post({ type: 'echo' }, { token, headers: { origin: 'https://evil.example' } })),
    )
    expect(evil).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } })
    const nullOrigin = await handler(post({ type: 'echo' }, { token, headers: { origin: 'null' } }))
    expect(nullOrigin.status).toBe(403)
    const crossSite = await handler(
      post({ type: 'echo' }, { token, headers: { origin: '', 'sec-fetch-site': 'cross-site' } }),
    )
    expect(crossSite.status).toBe(403)
    expect(server.calls).toEqual([])

    const admin = await handler(
      post({ type: 'echo' }, { token, headers: { origin: 'https://admin.example' } }),
    )
    expect(admin.status).toBe(200)
    expect(admin.headers.get('access-control-allow-origin')).toBe('https://admin.example')
    const preflight = await handler(
      new Request(URL_, {
        method: 'OPTIONS',
        headers: { origin: 'https://admin.example', 'access-control-request-method': 'POST' },
      }),
    )
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, content-type')
    expect(preflight.headers.get('cache-control')).toBe('no-store')
    // A request that is not a browser's (no Origin, no Sec-Fetch-Site) passes to the token check.
    const headless = await handler(
      new Request(URL_, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"type":"echo"}',
      }),
    )
    expect(headless.status).toBe(200)
  })

  it('415 for a body that is not declared JSON, 400 for JSON that is not an object', async () => {
    const { handler, server } = setup()
    const text = await refusal(
      await handler(post(MARKER, { token, headers: { 'content-type': 'text/plain' } })),
    )
    expect(text).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } })
    for (const body of [`[${JSON.stringify(MARKER)}]`, `{"${MARKER}"`, '']) {
      const answer = await refusal(await handler(post(body, { token })))
      expect(answer).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } })
    }
    expect(server.calls).toEqual([])
  })

  it('413 for a body over maxBodyBytes, declared or streamed; the default is 1 MiB', async () => {
    expect(DEFAULT_CHATKIT_MAX_BODY_BYTES).toBe(1_048_576)
    const { handler, server } = setup({ maxBodyBytes: 64 })
    const large = { type: 'echo', text: MARKER.repeat(10) }
    const declared = await refusal(await handler(post(large, { token })))
    expect(declared).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } })
    const bytes = new TextEncoder().encode(JSON.stringify(large))
    const streamed = new Request(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(bytes)
          controller.close()
        },
      }),
      duplex: 'half',
    } as RequestInit)
    expect((await refusal(await setup({ maxBodyBytes: 64 }).handler(streamed))).status).toBe(413)
    const { handler: byDefault } = setup()
    const justUnder = { type: 'echo', text: 'a'.repeat(DEFAULT_CHATKIT_MAX_BODY_BYTES - 40) }
    expect((await byDefault(post(justUnder, { token }))).status).toBe(200)
    const justOver = { type: 'echo', text: 'a'.repeat(DEFAULT_CHATKIT_MAX_BODY_BYTES) }
    expect((await byDefault(post(justOver, { token }))).status).toBe(413)
    expect(server.calls).toEqual([])
  })

  it("a refused request answers the server's status with { error: { code, message, path } }", async () => {
    const { handler } = setup()
    const answer = await refusal(await handler(post({ type: 'refuse' }, { token })))
    expect(answer).toEqual({
      status: 404,
      headers: expect.any(Headers),
      body: { error: { code: 'not_found', message: 'No such thread.', path: 'params.thread_id' } },
    })
  })

  it('a server that throws answers 500 with a generic message; onError gets the error, never the token or body', async () => {
    const { handler, onError } = setup()
    const answer = await refusal(await handler(post({ type: 'throw', marker: MARKER }, { token })))
    expect(answer.body).toEqual({
      error: { code: 'internal_error', message: 'The ChatKit server failed to answer this request.' },
    })
    expect(answer.status).toBe(500)
    expect(onError).toHaveBeenCalledTimes(1)
    const [error, info] = onError.mock.calls[0] ?? []
    expect(error).toBeInstanceOf(Error)
    expect(info).toEqual({ phase: 'process', context: { userId: 'user_1' } })
    expect(JSON.stringify(info)).not.toContain(token)
  })

  it('a throwing onError does not turn the 500 into a crash', async () => {
    const handler = createChatKitHandler({
      server: createFakeServer(),
      verify: { secret: SECRET, audience: AUDIENCE },
      onError: () => {
        throw new Error('logger down')
      },
    })
    expect((await handler(post({ type: 'throw' }, { token }))).status).toBe(500)
  })

  it('streams answer text/event-stream, not cached, not transformed; the server gets the request signal', async () => {
    const { handler, server } = setup()
    const request = post({ type: 'stream', frames: 3 }, { token })
    const response = await handler(request)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-store, no-cache, no-transform')
    expect(await response.text()).toBe([1, 2, 3].map((n) => `data: {"type":"frame","n":${n}}\n\n`).join(''))
    expect(server.calls[0]?.signal).toBe(request.signal)
  })

  it('request.signal aborting stops the stream even when the runtime never cancels the body', async () => {
    const { handler, server } = setup()
    const abort = new AbortController()
    const request = new Request(post({ type: 'stream' }, { token }), { signal: abort.signal })
    const response = await handler(request)
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    expect((await reader.read()).done).toBe(false)
    abort.abort()
    await server.streamCancelled
    await expect(reader.read()).rejects.toThrow()
    expect(server.calls[0]?.signal?.aborted).toBe(true)
  })

  it('a stream that breaks after its 200 is cut off and reported as phase stream', async () => {
    const { handler, onError } = setup()
    const response = await handler(post({ type: 'broken' }, { token }))
    expect(response.status).toBe(200)
    await expect(response.text()).rejects.toThrow()
    await vi.waitFor(() =>
      expect(onError).toHaveBeenCalledWith(expect.any(Error), {
        phase: 'stream',
        context: { userId: 'user_1' },
      }),
    )
  })
})

describe('createChatKitHandler over HTTP on 127.0.0.1 (Hono on @hono/node-server)', () => {
  let http: ServerType
  let origin: string
  let mounted: { handler: ChatKitHandler; server: FakeServer }

  beforeAll(async () => {
    const app = new Hono()
    app.post('/api/chatkit', (c) => mounted.handler(c.req.raw))
    await new Promise<void>((resolve) => {
      http = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve())
    })
    origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  })

  afterAll(() => new Promise<void>((resolve) => http.close(() => resolve())))

  const mount = () => {
    const server = createFakeServer()
    mounted = {
      server,
      handler: createChatKitHandler({ server, verify: { secret: SECRET, audience: AUDIENCE } }),
    }
    return server
  }

  const send = (body: unknown, init: { signal?: AbortSignal; token?: string } = {}) =>
    fetch(`${origin}/api/chatkit`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
      },
      body: JSON.stringify(body),
      signal: init.signal,
    })

  it('answers JSON and 401 over a real socket', async () => {
    mount()
    const ok = await send({ type: 'echo' }, { token })
    expect(ok.status).toBe(200)
    expect(((await ok.json()) as { context: unknown }).context).toEqual({ userId: 'user_1' })
    const denied = await send({ type: 'echo' })
    expect(denied.status).toBe(401)
    expect(denied.headers.get('www-authenticate')).toBe('Bearer realm="chatkit"')
  })

  it('the client going away aborts the request signal and cancels the server stream', async () => {
    const server = mount()
    const abort = new AbortController()
    const response = await send({ type: 'stream' }, { token, signal: abort.signal })
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toContain('data: {"type":"frame"')
    abort.abort()
    await server.streamCancelled
    expect(server.calls[0]?.signal?.aborted).toBe(true)
    const sent = server.framesSent()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(server.framesSent()).toBe(sent)
  })
})

describe('createChatKitHandler: the origin of the request URL', () => {
  it('a page of the endpoint origin passes', async () => {
    const { handler } = setup()
    expect((await handler(post({ type: 'echo' }, { token, headers: { origin: ORIGIN } }))).status).toBe(200)
  })
})
