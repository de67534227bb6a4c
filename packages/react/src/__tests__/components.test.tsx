import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ChatKitProvider } from '../ChatKitProvider.tsx'
import { ChatKitSessionGate } from '../ChatKitSessionGate.tsx'
import { ChatKitSessionBadge } from '../ChatKitSessionBadge.tsx'
import { createFakeAction, createTestQueryClient, failure, tick, installFakeClock } from './helpers.tsx'

installFakeClock()

describe('<ChatKitSessionBadge>', () => {
  it('labels each state and counts down', async () => {
    let failing = false
    const fake = createFakeAction({
      lifetimeSeconds: 600,
      latencyMs: 1_000,
      fail: () => (failing ? failure('server_error') : undefined),
    })
    render(
      <ChatKitProvider
        createSession={fake.createSession}
        queryClient={createTestQueryClient()}
        random={() => 0}
      >
        <ChatKitSessionBadge countdown />
      </ChatKitProvider>,
    )
    const badge = screen.getByRole('status')
    expect(badge.dataset.status).toBe('loading')
    expect(badge.textContent).toBe('Connecting…')
    await tick(1_000)
    expect(badge.dataset.status).toBe('active')
    expect(badge.textContent).toBe('Active9:59')
    await tick(10_000)
    expect(screen.getByLabelText('expires in 9:49')).toBeTruthy()
    failing = true
    await tick(529_500) // the refresh starts at 540 s after the first request and takes 1 s
    expect(badge.textContent).toMatch(/^Refreshing…/)
    await tick(45_500) // failing retries while the secret is still good
    expect(badge.dataset.status).toBe('active')
    expect(badge.dataset.expiringSoon).toBe('true')
    expect(badge.textContent).toMatch(/^Expiring soon\(server error\)0:1\d$/)
    await tick(20_000)
    expect(badge.dataset.status).toBe('expired')
    expect(badge.textContent).toBe('Expired(server error)')
  })

  it('a short session is not "expiring soon" on arrival: the default threshold is its refresh margin', async () => {
    const fake = createFakeAction({ lifetimeSeconds: 20 })
    render(
      <ChatKitProvider
        createSession={fake.createSession}
        queryClient={createTestQueryClient()}
        random={() => 0}
      >
        <ChatKitSessionBadge countdown />
      </ChatKitProvider>,
    )
    await tick(0)
    const badge = screen.getByRole('status')
    expect(badge.textContent).toBe('Active0:20')
    expect(badge.dataset.expiringSoon).toBeUndefined()
  })

  it('shows the error code and accepts custom labels', async () => {
    const fake = createFakeAction({ fail: () => failure('unauthorized') })
    render(
      <ChatKitProvider createSession={fake.createSession} queryClient={createTestQueryClient()}>
        <ChatKitSessionBadge labels={{ error: 'Sign in again' }} unstyled />
      </ChatKitProvider>,
    )
    await tick(0)
    const badge = screen.getByRole('status')
    expect(badge.dataset.status).toBe('error')
    expect(badge.textContent).toBe('Sign in again(unauthorized)')
    expect(badge.getAttribute('style')).toBeNull()
  })

  it('reads idle and cancelled', async () => {
    const fake = createFakeAction()
    const { rerender } = render(
      <ChatKitProvider
        createSession={fake.createSession}
        queryClient={createTestQueryClient()}
        enabled={false}
      >
        <ChatKitSessionBadge />
      </ChatKitProvider>,
    )
    expect(screen.getByRole('status').textContent).toBe('Not started')
    expect(fake.calls).toBe(0)
    rerender(
      <ChatKitProvider createSession={fake.createSession} queryClient={createTestQueryClient()}>
        <ChatKitSessionBadge />
      </ChatKitProvider>,
    )
    await tick(0)
    expect(screen.getByRole('status').textContent).toBe('Active')
  })
})

describe('<ChatKitSessionGate>', () => {
  it('shows the fallback until a secret is available, then the children', async () => {
    const fake = createFakeAction({ latencyMs: 500 })
    render(
      <ChatKitProvider createSession={fake.createSession} queryClient={createTestQueryClient()}>
        <ChatKitSessionGate fallback={<p>Connecting</p>}>
          <p>Chat</p>
        </ChatKitSessionGate>
      </ChatKitProvider>,
    )
    expect(screen.getByText('Connecting')).toBeTruthy()
    expect(screen.queryByText('Chat')).toBeNull()
    await tick(500)
    expect(screen.getByText('Chat')).toBeTruthy()
    expect(screen.queryByText('Connecting')).toBeNull()
  })

  it('keeps children mounted through a brief expiry by default, and can swap them out', async () => {
    let latency = 0
    const mk = () => createFakeAction({ lifetimeSeconds: 20, latencyMs: () => latency })
    for (const keepMountedOnExpiry of [true, false]) {
      const fake = mk()
      latency = 0
      const view = render(
        <ChatKitProvider
          createSession={fake.createSession}
          queryClient={createTestQueryClient()}
          random={() => 0}
        >
          <ChatKitSessionGate fallback={<p>Waiting</p>} keepMountedOnExpiry={keepMountedOnExpiry}>
            <p>Chat</p>
          </ChatKitSessionGate>
        </ChatKitProvider>,
      )
      await tick(0)
      latency = 5_000
      await tick(20_000) // refresh at 18 s takes 5 s: expired from 20 s to 23 s
      expect(screen.queryByText('Chat') !== null).toBe(keepMountedOnExpiry)
      await tick(3_000)
      expect(screen.getByText('Chat')).toBeTruthy()
      view.unmount()
    }
  })

  it('renders the error fallback with a working retry', async () => {
    let failing = true
    const fake = createFakeAction({ fail: () => (failing ? failure('unauthorized') : undefined) })
    render(
      <ChatKitProvider createSession={fake.createSession} queryClient={createTestQueryClient()}>
        <ChatKitSessionGate
          fallback={<p>Connecting</p>}
          errorFallback={({ error, retry }) => (
            <button type="button" onClick={() => void retry()}>
              Retry after {error.code}
            </button>
          )}
        >
          <p>Chat</p>
        </ChatKitSessionGate>
      </ChatKitProvider>,
    )
    await tick(0)
    const button = screen.getByRole('button', { name: 'Retry after unauthorized' })
    failing = false
    fireEvent.click(button)
    await tick(0)
    expect(screen.getByText('Chat')).toBeTruthy()
    expect(fake.calls).toBe(2)
  })
})
