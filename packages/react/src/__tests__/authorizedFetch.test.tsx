import { QueryClientProvider } from '@tanstack/react-query'
import { act, render, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { ChatKitProvider } from '../ChatKitProvider.tsx'
import type { UseChatKitSessionOptions } from '../types.ts'
import { toChatKitApi, useChatKitApi } from '../useChatKitApi.ts'
import { useChatKitSession } from '../useChatKitSession.ts'
import { createFakeAction, createTestQueryClient, installFakeClock, tick } from './helpers.tsx'

installFakeClock()

/** A ChatKit server stand-in: answers 401 to the tokens in `refuse`, records what it saw. */
function createServer(refuse: (token: string, call: number) => boolean = () => false) {
  const seen: { token: string; body: string | null }[] = []
  const baseFetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    const token = request.headers.get('authorization')?.replace('Bearer ', '') ?? ''
    seen.push({ token, body: request.body ? await request.text() : null })
    return new Response(JSON.stringify({ ok: true }), { status: refuse(token, seen.length) ? 401 : 200 })
  })
  return { baseFetch, seen }
}

function setup(options: Partial<UseChatKitSessionOptions> & Pick<UseChatKitSessionOptions, 'createSession'>) {
  const client = createTestQueryClient()
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  )
  return renderHook(() => useChatKitSession({ random: () => 0, ...options }), { wrapper })
}

describe('the self-hosted fetch', () => {
  it('attaches the current fresh token and keeps other headers', async () => {
    const fake = createFakeAction()
    const server = createServer()
    const { result } = setup({ createSession: fake.createSession, fetch: server.baseFetch })
    await tick(0)
    const response = await result.current.fetch('https://chatkit.example/api', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"hello":1}',
    })
    expect(response.status).toBe(200)
    expect(server.seen).toEqual([{ token: 'ek_secret_1', body: '{"hello":1}' }])
    const sent = new Request(...(server.baseFetch.mock.calls[0] as [RequestInfo, RequestInit]))
    expect(sent.headers.get('content-type')).toBe('application/json')
  })

  it('waits for a new token at the refresh point instead of sending the old one', async () => {
    let latency = 0
    const fake = createFakeAction({ lifetimeSeconds: 20, latencyMs: () => latency })
    const server = createServer()
    const { result } = setup({ createSession: fake.createSession, fetch: server.baseFetch })
    await tick(0)
    latency = 1_500
    await tick(18_000) // the refresh point: a refresh is on its way, the old token is still valid
    const pending = result.current.fetch('https://chatkit.example/api')
    await tick(0)
    expect(server.seen).toHaveLength(0)
    await tick(1_500)
    expect((await pending).status).toBe(200)
    expect(server.seen.map((s) => s.token)).toEqual(['ek_secret_2'])
  })

  it('on a 401 refreshes once and retries once, with the same body', async () => {
    const fake = createFakeAction()
    const server = createServer((token) => token === 'ek_secret_1')
    const { result } = setup({ createSession: fake.createSession, fetch: server.baseFetch })
    await tick(0)
    const pending = result.current.fetch('https://chatkit.example/api', { method: 'POST', body: 'payload' })
    await tick(0)
    const response = await pending
    expect(response.status).toBe(200)
    expect(server.seen).toEqual([
      { token: 'ek_secret_1', body: 'payload' },
      { token: 'ek_secret_2', body: 'payload' },
    ])
    expect(fake.calls).toBe(2)
  })

  it('retries only once: a second 401 is returned', async () => {
    const fake = createFakeAction()
    const server = createServer(() => true)
    const { result } = setup({ createSession: fake.createSession, fetch: server.baseFetch })
    await tick(0)
    const pending = result.current.fetch(
      new Request('https://chatkit.example/api', { method: 'POST', body: 'x' }),
    )
    await tick(0)
    expect((await pending).status).toBe(401)
    expect(server.baseFetch).toHaveBeenCalledTimes(2)
    expect(server.seen.map((s) => s.body)).toEqual(['x', 'x'])
    expect(fake.calls).toBe(2)
  })

  it('does not replay a streamed body: returns the 401 and starts a refresh', async () => {
    const fake = createFakeAction()
    const server = createServer((token) => token === 'ek_secret_1')
    const { result } = setup({ createSession: fake.createSession, fetch: server.baseFetch })
    await tick(0)
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('streamed'))
        controller.close()
      },
    })
    const response = await result.current.fetch('https://chatkit.example/api', {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit)
    expect(response.status).toBe(401)
    expect(server.baseFetch).toHaveBeenCalledTimes(1)
    await tick(0)
    expect(fake.calls).toBe(2)
    await result.current.fetch('https://chatkit.example/api')
    expect(server.seen.at(-1)?.token).toBe('ek_secret_2')
  })

  it('rejects with a typed error that carries no token once cancelled', async () => {
    const fake = createFakeAction()
    const server = createServer()
    const { result } = setup({ createSession: fake.createSession, fetch: server.baseFetch })
    await tick(0)
    await act(() => result.current.cancel())
    const error = await result.current.fetch('https://chatkit.example/api').catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'cancelled' })
    expect(String(error) + JSON.stringify(error)).not.toContain('ek_secret')
    expect(server.baseFetch).not.toHaveBeenCalled()
  })

  it('keeps the same identity across refreshes', async () => {
    const fake = createFakeAction()
    const { result } = setup({ createSession: fake.createSession })
    const first = result.current.fetch
    await tick(540_000)
    expect(result.current.fetch).toBe(first)
  })
})

describe('useChatKitApi', () => {
  it('gives the hosted and the self-hosted api objects, stable across refreshes', async () => {
    const fake = createFakeAction()
    const seen: unknown[] = []
    function Probe({ selfHosted }: { selfHosted: boolean }) {
      const hosted = useChatKitApi()
      const custom = useChatKitApi({ url: '/api/chatkit', domainKey: 'dk_test' })
      seen.push(selfHosted ? custom : hosted)
      return null
    }
    const view = render(
      <ChatKitProvider
        createSession={fake.createSession}
        queryClient={createTestQueryClient()}
        random={() => 0}
      >
        <Probe selfHosted={false} />
        <Probe selfHosted />
      </ChatKitProvider>,
    )
    await tick(0)
    await tick(540_000)
    expect(fake.calls).toBe(2)
    const [hosted, custom] = seen as [{ getClientSecret: unknown }, Record<string, unknown>]
    expect(Object.keys(hosted)).toEqual(['getClientSecret'])
    expect(Object.keys(custom).sort()).toEqual(['domainKey', 'fetch', 'url'])
    expect(custom).toMatchObject({ url: '/api/chatkit', domainKey: 'dk_test' })
    expect(seen).toHaveLength(2) // no re-render across the refresh
    view.unmount()
  })

  it('toChatKitApi picks the mode from its arguments', () => {
    const getClientSecret = async () => 'x'
    const fetch = globalThis.fetch
    expect(toChatKitApi({ getClientSecret })).toEqual({ getClientSecret })
    expect(toChatKitApi({ fetch }, { url: 'u', domainKey: 'd' })).toEqual({ url: 'u', domainKey: 'd', fetch })
    const direct = { type: 'direct', uploadUrl: '/api/chatkit' } as const
    expect(toChatKitApi({ fetch }, { url: 'u', domainKey: 'd', uploadStrategy: direct })).toEqual({
      url: 'u',
      domainKey: 'd',
      fetch,
      uploadStrategy: direct,
    })
  })

  it('passes the upload strategy on, and keeps the api object stable when it is written inline', async () => {
    const fake = createFakeAction()
    const seen: unknown[] = []
    function Probe() {
      seen.push(
        useChatKitApi({
          url: '/api/chatkit',
          domainKey: 'dk_test',
          uploadStrategy: { type: 'direct', uploadUrl: '/api/chatkit' },
        }),
      )
      return null
    }
    const view = render(
      <ChatKitProvider createSession={fake.createSession} queryClient={createTestQueryClient()}>
        <Probe />
      </ChatKitProvider>,
    )
    view.rerender(
      <ChatKitProvider createSession={fake.createSession} queryClient={createTestQueryClient()}>
        <Probe />
      </ChatKitProvider>,
    )
    expect(seen.length).toBeGreaterThanOrEqual(2)
    expect(seen[0]).toMatchObject({ uploadStrategy: { type: 'direct', uploadUrl: '/api/chatkit' } })
    expect(seen.at(-1)).toBe(seen[0])
    view.unmount()
  })

  it.each([
    ['an empty domainKey', { url: '/api/chatkit', domainKey: '' }, /needs a url and a domainKey/],
    ['a missing domainKey', { url: '/api/chatkit' }, /needs a url and a domainKey/],
    ['an empty url', { url: '', domainKey: 'dk_test' }, /needs a url and a domainKey/],
  ])('useChatKitApi with %s throws at once, naming what to pass', (_name, options, message) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    function Probe() {
      useChatKitApi(options as { url: string; domainKey: string })
      return null
    }
    const fake = createFakeAction()
    expect(() =>
      render(
        <ChatKitProvider createSession={fake.createSession} queryClient={createTestQueryClient()}>
          <Probe />
        </ChatKitProvider>,
      ),
    ).toThrow(message)
    errors.mockRestore()
  })
})
