import { render, renderHook, screen } from '@testing-library/react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import { ChatKitProvider } from '../ChatKitProvider.tsx'
import { ChatKitSessionGate } from '../ChatKitSessionGate.tsx'
import { CHATKIT_ELEMENT, useChatKitWidgetStatus } from '../useChatKitWidgetStatus.ts'
import { createFakeAction, createTestQueryClient, installFakeClock, tick } from './helpers.tsx'

installFakeClock()

// jsdom keeps one custom element registry per test file: each test defines a fresh name or
// the element itself last.
function defineChatKitElement() {
  customElements.define(CHATKIT_ELEMENT, class extends HTMLElement {})
}

describe('useChatKitWidgetStatus', () => {
  it('is pending on the server', () => {
    function Probe() {
      return <p>{useChatKitWidgetStatus().status}</p>
    }
    expect(renderToString(<Probe />)).toContain('pending')
  })

  it('reports unavailable after the timeout, with what to check, and ready if the script comes later', async () => {
    const { result } = renderHook(() => useChatKitWidgetStatus({ timeoutMs: 5_000 }))
    expect(result.current.status).toBe('pending')
    await tick(4_999)
    expect(result.current.status).toBe('pending')
    await tick(1)
    expect(result.current.status).toBe('unavailable')
    expect(result.current.error).toMatchObject({ code: 'widget_unavailable', retryable: false })
    const message = result.current.error?.message ?? ''
    expect(message).toContain('<openai-chatkit>')
    expect(message).toContain('https://cdn.platform.openai.com/deployments/chatkit/chatkit.js')
    expect(message).toMatch(/script-src.*frame-src.*connect-src/)

    defineChatKitElement()
    await tick(0)
    expect(result.current).toEqual({ status: 'ready', error: null })
  })

  it('once the element is defined: ready at once, and no timer', async () => {
    // Defined by the previous test, as a loaded script would have.
    expect(customElements.get(CHATKIT_ELEMENT)).toBeDefined()
    const { result } = renderHook(() => useChatKitWidgetStatus())
    await tick(0)
    expect(result.current.status).toBe('ready')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('does not watch while disabled', async () => {
    const { result } = renderHook(() => useChatKitWidgetStatus({ enabled: false, timeoutMs: 10 }))
    await tick(1_000)
    expect(result.current.status).toBe('pending')
  })
})

describe('<ChatKitSessionGate widgetTimeoutMs>', () => {
  it('renders errorFallback with widget_unavailable when the element never comes', async () => {
    const fake = createFakeAction()
    // The element is defined in this file by now: make the registry say it never was.
    vi.spyOn(customElements, 'get').mockImplementation(() => undefined)
    vi.spyOn(customElements, 'whenDefined').mockImplementation(() => new Promise(() => {}))
    render(
      <ChatKitProvider createSession={fake.createSession} queryClient={createTestQueryClient()}>
        <ChatKitSessionGate
          widgetTimeoutMs={2_000}
          errorFallback={({ error }) => <p role="alert">{error.code}</p>}
        >
          <p>the chat</p>
        </ChatKitSessionGate>
      </ChatKitProvider>,
    )
    await tick(0)
    expect(screen.getByText('the chat')).toBeTruthy()
    await tick(2_000)
    expect(screen.getByRole('alert').textContent).toBe('widget_unavailable')
    vi.restoreAllMocks()
  })
})
