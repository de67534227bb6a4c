import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen } from '@testing-library/react'
import { Profiler, StrictMode, memo, useRef } from 'react'
import { describe, expect, it, vi } from 'vitest'
import {
  ChatKitProvider,
  useChatKitSessionContext,
  useChatKitSessionSelector,
  useChatKitSessionStatus,
} from '../ChatKitProvider.tsx'
import { sessionQueryKey } from '../sessionData.ts'
import { createFakeAction, createTestQueryClient, tick, installFakeClock } from './helpers.tsx'

installFakeClock()

function StatusReader({ id }: { id: string }) {
  return <span data-testid={id}>{useChatKitSessionStatus()}</span>
}

describe('<ChatKitProvider>', () => {
  it('serves any number of consumers and concurrent askers with one createSession call', async () => {
    const fake = createFakeAction({ latencyMs: 100 })
    const asked: Promise<string>[] = []
    function Asker() {
      const getClientSecret = useChatKitSessionSelector((s) => s.getClientSecret)
      const started = useRef(false)
      if (!started.current) {
        started.current = true
        asked.push(getClientSecret(null))
      }
      return null
    }
    render(
      <StrictMode>
        <ChatKitProvider createSession={fake.createSession} queryClient={createTestQueryClient()}>
          {Array.from({ length: 200 }, (_, i) => (
            <Asker key={`a${i}`} />
          ))}
          {Array.from({ length: 200 }, (_, i) => (
            <StatusReader key={`s${i}`} id={`s${i}`} />
          ))}
        </ChatKitProvider>
      </StrictMode>,
    )
    await tick(100)
    expect(new Set(await Promise.all(asked))).toEqual(new Set(['ek_secret_1']))
    expect(screen.getByTestId('s199').textContent).toBe('active')
    expect(fake.calls).toBe(1)
  })

  it('status-only readers re-render only when the status changes; getClientSecret holders never', async () => {
    const fake = createFakeAction({ lifetimeSeconds: 600, latencyMs: 1_000 })
    const renders = { status: 0, getter: 0 }
    const StatusOnly = memo(function StatusOnly() {
      useChatKitSessionStatus()
      renders.status += 1
      return null
    })
    const GetterOnly = memo(function GetterOnly() {
      useChatKitSessionSelector((s) => s.getClientSecret)
      renders.getter += 1
      return null
    })
    render(
      <ChatKitProvider
        createSession={fake.createSession}
        queryClient={createTestQueryClient()}
        random={() => 0}
      >
        <StatusOnly />
        <GetterOnly />
      </ChatKitProvider>,
    )
    await tick(1_000)
    const afterFirst = { ...renders }
    // One refresh cycle: active -> refreshing -> active.
    await tick(540_000)
    await tick(1_000)
    expect(fake.calls).toBe(2)
    expect(renders.status - afterFirst.status).toBe(2)
    expect(renders.getter - afterFirst.getter).toBe(0)
    expect(renders.getter).toBe(1)
  })

  it('useChatKitSessionContext returns the whole result', async () => {
    const fake = createFakeAction()
    function Reader() {
      const s = useChatKitSessionContext()
      return <span data-testid="id">{s.status === 'active' ? s.clientSession.id : s.status}</span>
    }
    render(
      <ChatKitProvider createSession={fake.createSession} queryClient={createTestQueryClient()}>
        <Reader />
      </ChatKitProvider>,
    )
    await tick(0)
    expect(screen.getByTestId('id').textContent).toBe('cksess_1')
  })

  it('the hooks throw a clear error outside a provider', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => render(<StatusReader id="x" />)).toThrow(
      'useChatKitSessionStatus() must be used inside <ChatKitProvider>',
    )
    function ContextReader() {
      useChatKitSessionContext()
      return null
    }
    expect(() => render(<ContextReader />)).toThrow(
      'useChatKitSessionContext() must be used inside <ChatKitProvider>',
    )
    errors.mockRestore()
  })

  it("uses the app's QueryClientProvider when there is one", async () => {
    const fake = createFakeAction()
    const appClient = createTestQueryClient()
    render(
      <QueryClientProvider client={appClient}>
        <ChatKitProvider createSession={fake.createSession} sessionKey={['user_1']}>
          <StatusReader id="status" />
        </ChatKitProvider>
      </QueryClientProvider>,
    )
    await tick(0)
    expect(screen.getByTestId('status').textContent).toBe('active')
    expect(appClient.getQueryData(sessionQueryKey(['user_1']))).toMatchObject({ state: 'issued' })
  })

  it('creates a private client when the app has none', async () => {
    const fake = createFakeAction()
    render(
      <ChatKitProvider createSession={fake.createSession}>
        <StatusReader id="status" />
      </ChatKitProvider>,
    )
    await tick(0)
    expect(screen.getByTestId('status').textContent).toBe('active')
  })

  it('never puts the secret in the query key', async () => {
    const fake = createFakeAction()
    const client = new QueryClient()
    render(
      <ChatKitProvider
        createSession={fake.createSession}
        queryClient={client}
        sessionKey={['user_1', 'wf_1']}
      >
        <StatusReader id="status" />
      </ChatKitProvider>,
    )
    await tick(0)
    const keys = JSON.stringify(
      client
        .getQueryCache()
        .getAll()
        .map((q) => q.queryKey),
    )
    expect(keys).toBe('[["@chatkit-session","user_1","wf_1"]]')
    expect(keys).not.toContain('ek_secret')
  })

  it('a Profiler sees no provider commits between refreshes', async () => {
    const fake = createFakeAction()
    const onRender = vi.fn()
    render(
      <Profiler id="provider" onRender={onRender}>
        <ChatKitProvider
          createSession={fake.createSession}
          queryClient={createTestQueryClient()}
          random={() => 0}
        >
          <StatusReader id="status" />
        </ChatKitProvider>
      </Profiler>,
    )
    await tick(0)
    const settled = onRender.mock.calls.length
    await tick(500_000)
    expect(onRender.mock.calls.length).toBe(settled)
  })
})
