import {
  createChatKitServerStandIn,
  startChatKitServerStandIn,
  type ChatKitServerStandIn,
} from '@chatkit-session/testing/emulator'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createChatKitTokenAction, type CreateChatKitTokenActionConfig } from '@chatkit-session/server'
import { OTHER_SECRET, SECRET, tokenOf } from './tokens.ts'

/** The stand-in behind two transports; its clock is the real one, like the action's. */
const transports: {
  name: string
  start: () => Promise<{ standIn: ChatKitServerStandIn; url: string; stop: () => Promise<void> }>
}[] = [
  {
    name: 'in-process fetch',
    start: async () => {
      const standIn = createChatKitServerStandIn({ secret: SECRET, audience: 'chatkit-server' })
      return { standIn, url: standIn.url, stop: () => Promise.resolve() }
    },
  },
  {
    name: 'HTTP on 127.0.0.1',
    start: async () => {
      const standIn = await startChatKitServerStandIn({ secret: SECRET, audience: 'chatkit-server' })
      return { standIn, url: standIn.url, stop: standIn.stop }
    },
  },
]

describe.each(transports)('token action -> ChatKit server stand-in, over $name', ({ start }) => {
  let harness: Awaited<ReturnType<(typeof transports)[number]['start']>>

  beforeAll(async () => {
    harness = await start()
  })
  afterAll(() => harness.stop())

  const mint = (config: Partial<CreateChatKitTokenActionConfig> = {}) =>
    createChatKitTokenAction({
      secret: SECRET,
      audience: 'chatkit-server',
      getUser: () => 'user_e2e',
      ...config,
    } as CreateChatKitTokenActionConfig)

  const send = (token: string, body = '{"type":"threads.list"}') =>
    harness.standIn.fetch(harness.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    })

  it('accepts a fresh token for the signed-in user', async () => {
    const result = await mint()()
    const response = await send(tokenOf(result))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      user: 'user_e2e',
      tokenId: result.ok ? result.session.id : '',
    })
  })

  it.each<[string, Partial<CreateChatKitTokenActionConfig>, string]>([
    ['an expired token', { ttlSeconds: 60, now: () => Date.now() - 120_000 }, 'expired'],
    ['a token signed with another secret', { secret: OTHER_SECRET }, 'invalid_signature'],
    ['a token for another server', { audience: 'another-chatkit-server' }, 'wrong_audience'],
  ])('refuses %s with 401 %s', async (_name, config, code) => {
    const response = await send(tokenOf(await mint(config)()))
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ error: { code } })
  })

  it('lets a client recover a forced 401 with exactly one new token and one retry', async () => {
    const action = vi.fn(mint())
    // What the browser's fetch wrapper does: on a 401, one refresh, one retry, never more.
    const fetchWithRetry = async (body: string) => {
      const first = await send(tokenOf(await action()), body)
      if (first.status !== 401) return first
      return send(tokenOf(await action()), body)
    }
    harness.standIn.reset()
    harness.standIn.forceUnauthorizedNext(1)
    const response = await fetchWithRetry('{"type":"threads.add_user_message"}')
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ body: '{"type":"threads.add_user_message"}' })
    expect(action).toHaveBeenCalledTimes(2)
    expect(harness.standIn.requests.map((request) => request.code ?? request.status)).toEqual(['forced', 200])

    harness.standIn.forceUnauthorizedNext(2)
    expect((await fetchWithRetry('{}')).status).toBe(401)
    expect(action).toHaveBeenCalledTimes(4)
  })
})
