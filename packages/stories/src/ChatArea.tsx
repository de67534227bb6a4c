'use client'

import {
  DEFAULT_WIDGET_TIMEOUT_MS,
  useChatKitSessionStatus,
  useChatKitWidgetStatus,
} from '@chatkit-session/react'
import { ChatKitSessionGate } from '@chatkit-session/react/components'
import { ChatKitStandIn } from './ChatKitStandIn.tsx'
import { announceSecret } from './announceSecret.ts'
import { RealChatKit } from './RealChatKit.tsx'

/** ChatKit (or its stand-in) while a secret can be had; a retry when the session stopped on an error. */
export function ChatArea({ realWidget }: { realWidget: boolean }) {
  return (
    <ChatKitSessionGate
      // A region of its own: where focus goes when Retry is replaced by the chat, busy while it loads.
      wrapper={{ role: 'region', 'aria-label': 'Chat' }}
      fallback={<ChatFallback />}
      // With the real widget, a ChatKit script that never loads shows as an error, not a blank box.
      widgetTimeoutMs={realWidget ? DEFAULT_WIDGET_TIMEOUT_MS : undefined}
      errorFallback={({ error, retry }) => (
        // Not role="alert": the badge beside it announces the failure, and once is enough.
        <section className="card error" data-testid="chat-error">
          <h2>Chat is unavailable</h2>
          <p>
            <strong>{error.code}</strong>: {error.message}
          </p>
          <button type="button" onClick={() => void retry()}>
            Retry
          </button>
        </section>
      )}
    >
      {realWidget ? <RealChatKit /> : <StandIn />}
    </ChatKitSessionGate>
  )
}

/**
 * Without a key, the stand-in shared with the stories asks for secrets as ChatKit does; each one
 * it gets is announced (a fingerprint, never the secret) for the lifecycle suite.
 */
function StandIn() {
  const widget = useChatKitWidgetStatus()
  return (
    <ChatKitStandIn onSecret={announceSecret} unstyled className="card standin">
      <p className="hint">
        Set <code>OPENAI_API_KEY</code> and <code>CHATKIT_WORKFLOW_ID</code> to render the real{' '}
        <code>&lt;ChatKit&gt;</code>. This box asks for secrets the way it does.
      </p>
      <p className="hint" data-testid="widget-status" data-status={widget.status}>
        {widget.status === 'unavailable'
          ? `ChatKit's web component is not on this page: without a key its script is left out (${widget.error.code}).`
          : widget.status === 'ready'
            ? "ChatKit's web component is defined."
            : "Looking for ChatKit's web component…"}
      </p>
    </ChatKitStandIn>
  )
}

function ChatFallback() {
  const status = useChatKitSessionStatus()
  return (
    <section className="card muted" data-testid="chat-fallback">
      <p>
        {status === 'cancelled'
          ? 'The session was cancelled: ChatKit gets no secret until you press Restart.'
          : 'Connecting to ChatKit…'}
      </p>
    </section>
  )
}
