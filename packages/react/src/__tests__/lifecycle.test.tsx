import { ChatKitSessionError } from '@chatkit-session/core'
import { focusManager, onlineManager, QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook } from '@testing-library/react'
import { StrictMode, type ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { UseChatKitSessionOptions } from '../types.ts'
import { useChatKitSession } from '../useChatKitSession.ts'
import { createFakeAction, createTestQueryClient, failure, installFakeClock, tick } from './helpers.tsx'

// Regressions for the browser-lifecycle causes found in real Chromium (issue 11). TanStack
// pauses a retry while the document is hidden or the browser offline, and only a *mounted*
// client continues it; the hook's private client was never mounted, so a refresh that failed
// while the tab was hidden never ran again.

installFakeClock()

let visibility: DocumentVisibilityState = 'visible'
Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility })
Object.defineProperty(document, 'hidden', { configurable: true, get: () => visibility === 'hidden' })

/** Hides or shows the page as a browser does: the state changes, then the event bubbles. */
function setVisibility(state: DocumentVisibilityState, dispatch = true) {
  visibility = state
  if (dispatch) act(() => void document.dispatchEvent(new Event('visibilitychange', { bubbles: true })))
}

function pagehide(persisted: boolean): Event {
  const event = new Event('pagehide')
  Object.defineProperty(event, 'persisted', { value: persisted })
  return event
}

function pageshow(persisted: boolean): Event {
  const event = new Event('pageshow')
  Object.defineProperty(event, 'persisted', { value: persisted })
  return event
}

function goOffline() {
  act(() => void window.dispatchEvent(new Event('offline')))
}

function goOnline() {
  act(() => void window.dispatchEvent(new Event('online')))
}

afterEach(() => {
  visibility = 'visible'
  onlineManager.setOnline(true)
})

const clients = {
  'private client': undefined,
  "app's QueryClientProvider": 'provider',
} as const

type Options = Partial<UseChatKitSessionOptions> & Pick<UseChatKitSessionOptions, 'createSession'>

function setup(options: Options, client: 'provider' | undefined, strict = false) {
  const appClient = createTestQueryClient()
  const wrapper = ({ children }: { children: ReactNode }) => {
    const tree =
      client === 'provider' ? (
        <QueryClientProvider client={appClient}>{children}</QueryClientProvider>
      ) : (
        children
      )
    return strict ? <StrictMode>{tree}</StrictMode> : <>{tree}</>
  }
  return renderHook(() => useChatKitSession({ random: () => 0, ...options }), { wrapper })
}

/** A 20 s session source that fails while `down` is set. */
function flakyAction() {
  const state = { down: false }
  const fake = createFakeAction({
    lifetimeSeconds: 20,
    fail: () => (state.down ? failure('server_error') : undefined),
  })
  return { fake, state }
}

describe.each(Object.entries(clients))('with the %s', (_name, client) => {
  it('a refresh that failed while the tab was hidden runs again once it is visible', async () => {
    const { fake, state } = flakyAction()
    const { result } = setup({ createSession: fake.createSession }, client)
    await tick(0)
    expect(result.current.clientSecret).toBe('ek_secret_1')

    setVisibility('hidden')
    state.down = true
    await tick(18_000) // the refresh point (2 s margin): the refresh fails
    expect(fake.calls).toBe(2)
    await tick(60_000) // its retry is paused while hidden: no calls, the secret has died
    expect(fake.calls).toBe(2)
    expect(result.current.status).toBe('expired')

    state.down = false
    setVisibility('visible')
    await tick(0)
    expect(fake.calls).toBe(3)
    expect(result.current.status).toBe('active')
    expect(result.current.clientSecret).toBe('ek_secret_3')
  })

  it.each([
    ['focus', window],
    ['pageshow', window],
    ['resume', document],
  ] as const)('%s alone continues a retry paused while hidden', async (event, target) => {
    const { fake, state } = flakyAction()
    const { result } = setup({ createSession: fake.createSession }, client)
    await tick(0)
    setVisibility('hidden')
    state.down = true
    await tick(30_000)
    expect(fake.calls).toBe(2)

    // Visible again without a visibilitychange reaching TanStack: our own wake events resume it.
    state.down = false
    setVisibility('visible', false)
    act(() => void target.dispatchEvent(new Event(event)))
    await tick(0)
    expect(fake.calls).toBe(3)
    expect(result.current.clientSecret).toBe('ek_secret_3')
  })

  it('offline across the refresh point: no calls while offline, one call when back online', async () => {
    const { fake } = flakyAction()
    const { result } = setup({ createSession: fake.createSession }, client)
    await tick(0)
    goOffline()
    await tick(60_000)
    expect(fake.calls).toBe(1) // the refresh waits for the network instead of failing
    expect(result.current.status).toBe('expired')
    goOnline()
    await tick(0)
    expect(fake.calls).toBe(2)
    expect(result.current.clientSecret).toBe('ek_secret_2')
  })

  it('a getClientSecret that waits through an outage rejects with timeout at the bound', async () => {
    const { fake, state } = flakyAction()
    const { result } = setup({ createSession: fake.createSession, secretTimeoutMs: 5_000 }, client)
    await tick(0)
    state.down = true
    await tick(21_000) // expired, retries failing
    const waiting = result.current.getClientSecret(null)
    const outcome = waiting.then(
      () => 'resolved',
      (error: unknown) => error,
    )
    await tick(4_999)
    await expect(Promise.race([outcome, Promise.resolve('pending')])).resolves.toBe('pending')
    await tick(1)
    const error = await outcome
    expect(error).toBeInstanceOf(ChatKitSessionError)
    expect(error).toMatchObject({ code: 'timeout', retryable: true })
    expect((error as ChatKitSessionError).cause).toMatchObject({ code: 'server_error' })
    expect((error as Error).message).not.toContain('ek_secret')

    // Retries went on: the next call gets the new secret once the server is back.
    state.down = false
    await tick(30_000)
    await expect(result.current.getClientSecret(null)).resolves.toMatch(/^ek_secret_/)
  })

  it.each([
    [
      'restored from the back/forward cache',
      () => window.dispatchEvent(pagehide(true)),
      () => window.dispatchEvent(pageshow(true)),
    ],
    [
      'resumed after a freeze',
      () => document.dispatchEvent(new Event('freeze')),
      () => document.dispatchEvent(new Event('resume')),
    ],
  ])('a request in flight when the page froze is started over once it is %s', async (_name, freeze, thaw) => {
    // The refresh starts, then the page freezes: its answer never comes.
    const fake = createFakeAction({ latencyMs: () => (fake.calls === 2 ? 1e9 : 100) })
    const { result } = setup({ createSession: fake.createSession }, client)
    await tick(100)
    await tick(540_000)
    expect(fake.calls).toBe(2)
    expect(result.current.status).toBe('refreshing')
    act(() => void freeze())
    act(() => void thaw())
    await tick(100)
    expect(fake.calls).toBe(3)
    expect(result.current.clientSecret).toBe('ek_secret_3')
  })

  it('a restore that fires resume and then pageshow starts the request over once', async () => {
    const fake = createFakeAction({ latencyMs: () => (fake.calls === 2 ? 1e9 : 100) })
    const { result } = setup({ createSession: fake.createSession }, client)
    await tick(100)
    await tick(540_000)
    act(() => void document.dispatchEvent(new Event('freeze')))
    act(() => void window.dispatchEvent(pagehide(true)))
    act(() => void document.dispatchEvent(new Event('resume')))
    await tick(0)
    act(() => void window.dispatchEvent(pageshow(true)))
    await tick(100)
    expect(fake.calls).toBe(3)
    expect(result.current.clientSecret).toBe('ek_secret_3')
  })

  it('a request that started after the freeze is not started over by the thaw', async () => {
    const fake = createFakeAction({ latencyMs: 1_000 })
    const { result } = setup({ createSession: fake.createSession }, client)
    act(() => void document.dispatchEvent(new Event('freeze'))) // before the first answer
    await tick(1_000)
    expect(fake.calls).toBe(1)
    await tick(540_000 - 1_000 + 500) // the refresh is on its way
    expect(fake.calls).toBe(2)
    act(() => void document.dispatchEvent(new Event('resume')))
    await tick(500)
    expect(fake.calls).toBe(2)
    expect(result.current.clientSecret).toBe('ek_secret_2')
  })

  it("a thaw during a retry's wait keeps the server's retry-after", async () => {
    const fake = createFakeAction({
      fail: (call) => (call === 2 ? failure('rate_limited', 60_000) : undefined),
    })
    const { result } = setup({ createSession: fake.createSession }, client)
    await tick(0)
    await tick(540_000) // the refresh answers 429, retry-after 60 s
    expect(fake.calls).toBe(2)
    act(() => void document.dispatchEvent(new Event('freeze')))
    act(() => void document.dispatchEvent(new Event('resume')))
    await tick(59_000)
    expect(fake.calls).toBe(2)
    await tick(1_000)
    expect(fake.calls).toBe(3)
    expect(result.current.clientSecret).toBe('ek_secret_3')
  })

  it('requestTimeoutMs: Infinity waits for a slow createSession instead of timing out at once', async () => {
    const fake = createFakeAction({ latencyMs: 60_000 })
    const { result } = setup({ createSession: fake.createSession, requestTimeoutMs: Infinity }, client)
    await tick(60_000)
    expect(fake.calls).toBe(1)
    expect(result.current.failureCount).toBe(0)
    expect(result.current.clientSecret).toBe('ek_secret_1')
  })

  it('a pageshow that is not a restore leaves a request in flight alone', async () => {
    const fake = createFakeAction({ latencyMs: 1_000 })
    const { result } = setup({ createSession: fake.createSession }, client)
    await tick(500)
    act(() => void window.dispatchEvent(pageshow(false)))
    await tick(500)
    expect(fake.calls).toBe(1)
    expect(result.current.clientSecret).toBe('ek_secret_1')
  })

  it('a createSession that never answers fails as timeout after requestTimeoutMs and is retried', async () => {
    // The first call hangs (a proxy holding the connection); the retry answers in 100 ms.
    const fake = createFakeAction({ latencyMs: () => (fake.calls === 1 ? 1e9 : 100) })
    const errors: string[] = []
    const { result } = setup(
      { createSession: fake.createSession, onError: (error) => errors.push(error.code) },
      client,
    )
    await tick(14_999)
    expect(result.current.status).toBe('loading')
    await tick(1)
    expect(result.current.failureReason).toMatchObject({ code: 'timeout', retryable: true })
    expect(errors).toEqual(['timeout'])
    await tick(1_000 + 100) // the first retry (1 s with random 0), then its answer
    expect(fake.calls).toBe(2)
    expect(result.current.clientSecret).toBe('ek_secret_2')
  })

  it('the self-hosted fetch rejects with timeout instead of pending forever', async () => {
    const { fake, state } = flakyAction()
    const baseFetch = async () => new Response('ok')
    const { result } = setup(
      { createSession: fake.createSession, secretTimeoutMs: 5_000, fetch: baseFetch },
      client,
    )
    await tick(0)
    state.down = true
    await tick(21_000)
    const outcome = result.current.fetch('/chatkit').then(
      () => 'resolved',
      (error: unknown) => error,
    )
    await tick(5_000)
    await expect(outcome).resolves.toMatchObject({ code: 'timeout' })
  })
})

describe('what the hook mounts, it unmounts', () => {
  it('the private client listens to focus and online only while mounted', async () => {
    const { fake } = flakyAction()
    expect(focusManager.hasListeners()).toBe(false)
    expect(onlineManager.hasListeners()).toBe(false)
    const { unmount } = setup({ createSession: fake.createSession }, undefined)
    await tick(0)
    expect(focusManager.hasListeners()).toBe(true)
    expect(onlineManager.hasListeners()).toBe(true)
    unmount()
    expect(focusManager.hasListeners()).toBe(false)
    expect(onlineManager.hasListeners()).toBe(false)
  })

  it('the private client leaves no query and no timer behind after unmount', async () => {
    const { fake } = flakyAction()
    const { unmount } = setup({ createSession: fake.createSession }, undefined)
    await tick(0)
    expect(vi.getTimerCount()).toBeGreaterThan(0)
    unmount()
    await act(async () => {}) // the microtask that tells a real unmount from StrictMode's
    expect(vi.getTimerCount()).toBe(0) // not even TanStack's 5-minute garbage collection
  })

  it("an app's client stays mounted while its provider is", async () => {
    const { fake } = flakyAction()
    const appClient = createTestQueryClient()
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={appClient}>{children}</QueryClientProvider>
    )
    const first = renderHook(() => useChatKitSession({ createSession: fake.createSession }), { wrapper })
    const second = renderHook(() => appClient, { wrapper }) // the app, still using its client
    await tick(0)
    first.unmount()
    expect(focusManager.hasListeners()).toBe(true)
    second.unmount()
    expect(focusManager.hasListeners()).toBe(false)
  })

  it('a caller still waiting when the hook unmounts is rejected with cancelled', async () => {
    const fake = createFakeAction({ latencyMs: 1_000 })
    const { result, unmount } = setup({ createSession: fake.createSession }, undefined)
    const waiting = result.current.getClientSecret(null)
    unmount()
    await expect(waiting).rejects.toMatchObject({ code: 'cancelled' })
  })

  it("StrictMode's simulated unmount does not reject the first caller", async () => {
    const fake = createFakeAction({ latencyMs: 1_000 })
    const { result } = setup({ createSession: fake.createSession }, undefined, true)
    const waiting = result.current.getClientSecret(null)
    await tick(1_000)
    await expect(waiting).resolves.toBe('ek_secret_1')
  })
})
