import { CHATKIT_TOKEN_TYPE } from '@chatkit-session/server/verify'
import { SignJWT } from 'jose'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startChatKitServerStandIn, type RunningChatKitServerStandIn } from '../startChatKitServerStandIn.ts'

const SECRET = 'http-stand-in-secret-0123456789abcdef0123'
const AUDIENCE = 'http://127.0.0.1/chatkit'

let server: RunningChatKitServerStandIn

function signToken(): Promise<string> {
  return new SignJWT({ sub: 'user_http', aud: AUDIENCE, jti: 'ckt_http' })
    .setProtectedHeader({ alg: 'HS256', typ: CHATKIT_TOKEN_TYPE })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(SECRET))
}

const control = (path: string, init?: RequestInit) => fetch(`${server.origin}/__chatkit-server${path}`, init)

beforeAll(async () => {
  server = await startChatKitServerStandIn({ secret: SECRET, audience: AUDIENCE, control: true })
})
afterAll(() => server.stop())
afterEach(() => {
  server.reset()
})

describe('startChatKitServerStandIn', () => {
  it('listens on 127.0.0.1 and answers a valid token with the echo, body included', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/chatkit`)
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${await signToken()}`, 'content-type': 'application/json' },
      body: '{"op":"ping"}',
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      ok: true,
      user: 'user_http',
      tokenId: 'ckt_http',
      method: 'POST',
      path: '/chatkit',
      body: '{"op":"ping"}',
    })
  })

  it('answers 401 over HTTP with the code and the challenge', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { authorization: 'Bearer forged.token.x' },
    })
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"')
    expect(await response.json()).toMatchObject({ error: { code: 'malformed' } })
  })

  it('serves the control routes: forced 401s, latency, the request log, reset', async () => {
    const set = await control('/unauthorized', { method: 'POST', body: JSON.stringify({ count: 1 }) })
    expect(await set.json()).toEqual({ forcedUnauthorized: 1 })
    const token = await signToken()
    const forced = await fetch(server.url, { headers: { authorization: `Bearer ${token}` } })
    expect(await forced.json()).toMatchObject({ error: { code: 'forced' } })
    expect((await fetch(server.url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)

    const log = (await (await control('/requests')).json()) as { data: unknown[] }
    expect(log.data).toEqual([
      expect.objectContaining({ method: 'GET', status: 401, code: 'forced' }),
      expect.objectContaining({ method: 'GET', status: 200, tokenId: 'ckt_http' }),
    ])
    expect(JSON.stringify(log)).not.toContain(token)

    expect(await (await control('/latency', { method: 'POST', body: '{"ms":5}' })).json()).toEqual({
      latencyMs: 5,
    })
    expect(await (await control('/state')).json()).toEqual({
      forcedUnauthorized: 0,
      latencyMs: 5,
      requests: 2,
    })
    expect(await (await control('/reset', { method: 'POST' })).json()).toEqual({ reset: true })
    expect(await (await control('/state')).json()).toEqual({
      forcedUnauthorized: 0,
      latencyMs: 0,
      requests: 0,
    })
  })

  it('refuses bad control input with 400 and unknown routes with 404', async () => {
    const bad = await control('/unauthorized', { method: 'POST', body: '{"count":-2}' })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({
      error: { message: expect.stringMatching(/forceUnauthorizedNext/) },
    })
    expect((await control('/latency', { method: 'POST', body: 'nope' })).status).toBe(400)
    expect((await control('/nothing')).status).toBe(404)
  })

  it('does not serve control routes unless control is on: they need a token like any path', async () => {
    const other = await startChatKitServerStandIn({ secret: SECRET, audience: AUDIENCE })
    try {
      const response = await fetch(`${other.origin}/__chatkit-server/unauthorized`, {
        method: 'POST',
        body: '{"count":5}',
      })
      expect(response.status).toBe(401)
      expect(other.getForcedUnauthorized()).toBe(0)
    } finally {
      await other.stop()
    }
  })

  it('can be stopped twice, and then refuses connections', async () => {
    const other = await startChatKitServerStandIn({ secret: SECRET, audience: AUDIENCE })
    await other.stop()
    await other.stop()
    await expect(fetch(other.url)).rejects.toThrow(TypeError)
  })
})
