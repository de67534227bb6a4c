// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { ChatKitProvider } from '../ChatKitProvider.tsx'
import { ChatKitSessionGate } from '../ChatKitSessionGate.tsx'
import { ChatKitSessionBadge } from '../ChatKitSessionBadge.tsx'

describe('server rendering', () => {
  it('renders without window and without calling the action', () => {
    expect(typeof window).toBe('undefined')
    let calls = 0
    const createSession = async () => {
      calls += 1
      return { client_secret: 'ek_x', expires_at: 0 }
    }
    const html = renderToString(
      <ChatKitProvider createSession={createSession}>
        <ChatKitSessionBadge countdown />
        <ChatKitSessionGate fallback={<p>Connecting</p>}>
          <p>Chat</p>
        </ChatKitSessionGate>
      </ChatKitProvider>,
    )
    expect(html).toContain('role="status"')
    expect(html).toContain('Connecting…')
    expect(html).toContain('<p>Connecting</p>')
    expect(html).not.toContain('ek_x')
    expect(calls).toBe(0)
  })
})
