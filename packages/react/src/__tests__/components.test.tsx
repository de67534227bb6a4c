import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import type { ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { ChatKitProvider } from '../ChatKitProvider.tsx'
import { ChatKitSessionGate, type ChatKitSessionGateProps } from '../ChatKitSessionGate.tsx'
import { ChatKitSessionBadge } from '../ChatKitSessionBadge.tsx'
import { createFakeAction, createTestQueryClient, failure, tick, installFakeClock } from './helpers.tsx'

installFakeClock()

/** The badge's pill (it holds `data-status`), found through its one live region. */
const pill = () => screen.getByRole('status').parentElement as HTMLElement
const countdownText = () => screen.queryByRole('timer')?.textContent

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
    const status = screen.getByRole('status')
    expect(pill().dataset.status).toBe('loading')
    expect(status.textContent).toBe('Connecting…')
    await tick(1_000)
    expect(pill().dataset.status).toBe('active')
    expect(status.textContent).toBe('Active')
    expect(countdownText()).toBe('Time left 9:59')
    await tick(10_000)
    expect(countdownText()).toBe('Time left 9:49')
    failing = true
    await tick(529_500) // the refresh starts at 540 s after the first request and takes 1 s
    expect(status.textContent).toBe('Refreshing…')
    await tick(45_500) // failing retries while the secret is still good
    expect(pill().dataset.status).toBe('active')
    expect(pill().dataset.expiringSoon).toBe('true')
    expect(status.textContent).toBe('Expiring soon')
    expect(pill().textContent).toMatch(/^Expiring soon\(server error\)Time left 0:1\d$/)
    await tick(20_000)
    expect(pill().dataset.status).toBe('expired')
    expect(pill().textContent).toBe('Expired(server error)')
    expect(screen.queryByRole('timer')).toBeNull()
  })

  it('keeps the countdown and the failure code out of the live region, and names nothing with aria-label', async () => {
    const fake = createFakeAction({ lifetimeSeconds: 600 })
    render(
      <ChatKitProvider createSession={fake.createSession} queryClient={createTestQueryClient()}>
        <ChatKitSessionBadge countdown />
      </ChatKitProvider>,
    )
    await tick(0)
    const status = screen.getByRole('status')
    const timer = screen.getByRole('timer')
    // Siblings: neither holds the other, so the ticking timer (aria-live off) is never read out.
    expect(status.contains(timer) || timer.contains(status)).toBe(false)
    expect(status.getAttribute('aria-live')).toBe('polite')
    expect(timer.getAttribute('aria-live')).toBeNull()
    expect(pill().querySelectorAll('[aria-label]')).toHaveLength(0)
    expect(pill().getAttribute('role')).toBeNull()
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
    expect(pill().textContent).toBe('ActiveTime left 0:20')
    expect(pill().dataset.expiringSoon).toBeUndefined()
  })

  it('shows the error code and accepts custom labels', async () => {
    const fake = createFakeAction({ fail: () => failure('unauthorized') })
    render(
      <ChatKitProvider createSession={fake.createSession} queryClient={createTestQueryClient()}>
        <ChatKitSessionBadge labels={{ error: 'Sign in again' }} unstyled />
      </ChatKitProvider>,
    )
    await tick(0)
    expect(pill().dataset.status).toBe('error')
    expect(screen.getByRole('status').textContent).toBe('Sign in again')
    expect(pill().textContent).toBe('Sign in again(unauthorized)')
    expect(pill().getAttribute('style')).toBeNull()
  })

  it('every string can be replaced: labels, the countdown format and the error code', async () => {
    const fake = createFakeAction({ lifetimeSeconds: 600, fail: () => failure('workflow_unavailable') })
    render(
      <ChatKitProvider createSession={fake.createSession} queryClient={createTestQueryClient()}>
        <ChatKitSessionBadge labels={{ error: 'Fehler' }} formatErrorCode={(code) => `[${code}]`} />
      </ChatKitProvider>,
    )
    await tick(0)
    expect(pill().textContent).toBe('Fehler[workflow_unavailable]')
    cleanup()

    const ok = createFakeAction({ lifetimeSeconds: 600 })
    render(
      <ChatKitProvider createSession={ok.createSession} queryClient={createTestQueryClient()}>
        <ChatKitSessionBadge
          countdown
          labels={{ active: 'Aktiv', timeLeft: 'Verbleibend' }}
          formatRemaining={(ms) => `${Math.ceil(ms / 60_000)} Min.`}
        />
      </ChatKitProvider>,
    )
    await tick(0)
    expect(screen.getByRole('status').textContent).toBe('Aktiv')
    expect(countdownText()).toBe('Verbleibend 10 Min.')
  })

  it('writes every underscore of a code as a space by default', async () => {
    const fake = createFakeAction({ fail: () => failure('workflow_unavailable') })
    render(
      <ChatKitProvider createSession={fake.createSession} queryClient={createTestQueryClient()}>
        <ChatKitSessionBadge />
      </ChatKitProvider>,
    )
    await tick(0)
    expect(pill().querySelector('[data-error-code]')?.textContent).toBe('(workflow unavailable)')
  })

  it('keeps a border for forced colours, where backgrounds are dropped', async () => {
    const fake = createFakeAction()
    render(
      <ChatKitProvider createSession={fake.createSession} queryClient={createTestQueryClient()}>
        <ChatKitSessionBadge />
      </ChatKitProvider>,
    )
    await tick(0)
    expect(pill().style.border).toBe('1px solid transparent')
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

/** A gate whose error fallback is a "Retry after <code>" button, with `children` "Chat". */
function renderRetryGate(
  fake: ReturnType<typeof createFakeAction>,
  wrapper: ChatKitSessionGateProps['wrapper'] = false,
  after: ReactNode = null,
) {
  return render(
    <ChatKitProvider createSession={fake.createSession} queryClient={createTestQueryClient()}>
      <ChatKitSessionGate
        wrapper={wrapper}
        fallback={<p>Connecting</p>}
        errorFallback={({ error, retry }) => (
          <button type="button" onClick={() => void retry()}>
            Retry after {error.code}
          </button>
        )}
      >
        <p>Chat</p>
      </ChatKitSessionGate>
      {after}
    </ChatKitProvider>,
  )
}

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
    renderRetryGate(fake)
    await tick(0)
    const button = screen.getByRole('button', { name: 'Retry after unauthorized' })
    failing = false
    fireEvent.click(button)
    await tick(0)
    expect(screen.getByText('Chat')).toBeTruthy()
    expect(fake.calls).toBe(2)
  })
})

describe('<ChatKitSessionGate wrapper>', () => {
  it('is busy while the first secret is on its way, and renders no element without `wrapper`', async () => {
    const fake = createFakeAction({ latencyMs: 500 })
    const { container } = render(
      <ChatKitProvider createSession={fake.createSession} queryClient={createTestQueryClient()}>
        <ChatKitSessionGate wrapper={{ className: 'chat' }} fallback={<p>Connecting</p>}>
          <p>Chat</p>
        </ChatKitSessionGate>
        <ChatKitSessionGate fallback={<p>Bare</p>}>
          <p>Bare chat</p>
        </ChatKitSessionGate>
      </ChatKitProvider>,
    )
    const box = container.querySelector('div.chat') as HTMLElement
    expect(box.getAttribute('aria-busy')).toBe('true')
    expect(box.tabIndex).toBe(-1)
    expect(screen.getByText('Bare').parentElement).toBe(container)
    await tick(500)
    expect(box.getAttribute('aria-busy')).toBeNull()
    expect(box.textContent).toBe('Chat')
  })

  it('moves focus to itself when the focused Retry goes away with the error fallback; busy while retrying', async () => {
    let failing = true
    const fake = createFakeAction({
      latencyMs: () => (failing ? 0 : 300),
      fail: () => (failing ? failure('unauthorized') : undefined),
    })
    renderRetryGate(fake, { role: 'region', 'aria-label': 'Chat' })
    await tick(0)
    const button = screen.getByRole('button', { name: 'Retry after unauthorized' })
    act(() => button.focus())
    failing = false
    fireEvent.click(button)
    await tick(0)
    const box = screen.getByLabelText('Chat')
    expect(box.getAttribute('aria-busy')).toBe('true')
    await tick(300)
    expect(screen.getByText('Chat')).toBeTruthy()
    expect(box.getAttribute('aria-busy')).toBeNull()
    expect(document.activeElement).toBe(box)
  })

  it('leaves focus alone when it had moved out of the gate before the content changed', async () => {
    let failing = true
    const fake = createFakeAction({ fail: () => (failing ? failure('unauthorized') : undefined) })
    renderRetryGate(fake, true, <input aria-label="Elsewhere" />)
    await tick(0)
    const button = screen.getByRole('button', { name: 'Retry after unauthorized' })
    act(() => button.focus())
    failing = false
    fireEvent.click(button)
    const elsewhere = screen.getByLabelText('Elsewhere')
    act(() => elsewhere.focus())
    await tick(0)
    expect(screen.getByText('Chat')).toBeTruthy()
    expect(document.activeElement).toBe(elsewhere)
  })
})
