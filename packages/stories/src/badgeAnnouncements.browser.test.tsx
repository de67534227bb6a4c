import type { SessionActionError } from '@chatkit-session/core'
import { ChatKitProvider } from '@chatkit-session/react'
import { ChatKitSessionBadge, ChatKitSessionGate } from '@chatkit-session/react/components'
import { createFakeClock, createFakeSessionAction } from '@chatkit-session/testing'
import { QueryClient } from '@tanstack/react-query'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { recordAnnouncements, type Announcement } from './recordAnnouncements.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let root: Root | undefined
let host: HTMLElement | undefined
afterEach(() => {
  root?.unmount()
  host?.remove()
})

function mount(node: React.ReactNode) {
  host = document.createElement('div')
  document.body.append(host)
  root = createRoot(host)
  root.render(node)
  return host
}

/** The badge and the gate as the gate story shows them (the gate's wrapper keeps focus), on a fake action whose clock and failures the test moves. */
function mountSession() {
  const slept = createFakeClock(0)
  const now = () => Date.now() + slept.now()
  let failure: SessionActionError | undefined
  const action = createFakeSessionAction({
    lifetimeSeconds: 600,
    now,
    latencyMs: () => (action.calls === 1 ? 200 : 1_500),
    fail: () => failure,
  })
  const page = mount(
    <ChatKitProvider
      createSession={action}
      queryClient={new QueryClient()}
      now={now}
      random={() => 0}
      refreshMarginMs={10_000}
    >
      <ChatKitSessionBadge countdown now={now} expiringSoonMs={30_000} />
      <ChatKitSessionGate
        wrapper={{ role: 'region', 'aria-label': 'Chat' }}
        fallback={<p>Connecting to the chat…</p>}
        // No role="alert": the badge announces the failure already, and once is enough.
        errorFallback={({ error, retry }) => (
          <div>
            <p>The chat could not start ({error.code}).</p>
            <button type="button" onClick={() => void retry()}>
              Try again
            </button>
          </div>
        )}
      >
        <p>The chat is ready.</p>
      </ChatKitSessionGate>
    </ChatKitProvider>,
  )
  return {
    page,
    /** The laptop sleeps `ms` and wakes: the clock jumps and the window gets focus. */
    wake: (ms: number) => {
      slept.advance(ms)
      window.dispatchEvent(new Event('focus'))
    },
    jump: (ms: number) => slept.advance(ms),
    failWith: (code: SessionActionError['code'] | undefined) => {
      failure = code === undefined ? undefined : { code, message: `failed with ${code}` }
    },
  }
}

const waitFor = <T,>(check: () => T, timeout = 5_000) => vi.waitFor(check, { timeout, interval: 20 })

describe('what a screen reader would hear from the badge and the gate', () => {
  it('one announcement per status change through active, expiring soon, refreshing, error and retry; none per countdown tick', async () => {
    const announcements = recordAnnouncements()
    const session = mountSession()
    const badge = () => session.page.querySelector('[data-status]')
    const statusIs = (status: string) =>
      waitFor(() => expect(badge()?.getAttribute('data-status')).toBe(status))
    const timerTexts = new Set<string>()
    const ticks = setInterval(() => {
      const timer = session.page.querySelector('[role="timer"]')
      if (timer?.textContent) timerTexts.add(timer.textContent)
    }, 100)

    await statusIs('active')
    await sleep(2_500) // two or three countdown ticks
    session.jump(575_000) // 25 s left, no refresh before 590 s: "Expiring soon" at the next tick
    await waitFor(() => expect(badge()?.getAttribute('data-expiring-soon')).toBe('true'))
    await sleep(2_200)
    session.wake(12_000) // past the refresh point: the refresh starts and takes 1.5 s
    await statusIs('refreshing')
    await statusIs('active')
    await sleep(1_200)
    session.failWith('unauthorized')
    session.wake(592_000) // past the refresh point, 8 s before the deadline: the refresh is refused, no automatic retry
    await statusIs('error')
    await sleep(1_200)
    session.failWith(undefined)
    const retry = await waitFor(() => {
      const button = session.page.querySelector('button')
      if (button === null) throw new Error('no Retry button yet')
      return button
    })
    retry.focus()
    retry.click()
    await statusIs('active')
    // The Retry button went away with the error fallback: focus is on the gate, not on <body>.
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Chat')
    expect(document.activeElement?.textContent).toBe('The chat is ready.')
    await sleep(1_200)
    clearInterval(ticks)
    announcements.stop()

    const log = announcements.log.map(({ politeness, text }: Announcement) => `${politeness}: ${text}`)
    console.log(`[announcements]\n${log.join('\n')}`)
    console.log(`[countdown] ${timerTexts.size} distinct values shown: ${[...timerTexts].join(' ')}`)
    expect(timerTexts.size).toBeGreaterThanOrEqual(6) // the countdown did tick
    expect(log).toEqual([
      'polite: Active',
      'polite: Expiring soon',
      'polite: Refreshing…',
      'polite: Active',
      'polite: Refreshing…',
      'polite: Error',
      'polite: Active',
    ])
  }, 30_000)
})
