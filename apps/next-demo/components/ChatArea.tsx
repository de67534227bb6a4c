'use client'

import { DEFAULT_WIDGET_TIMEOUT_MS, useChatKitSessionStatus } from '@chatkit-session/react'
import { ChatKitSessionGate } from '@chatkit-session/react/components'
import { ChatKitStandIn } from './ChatKitStandIn'
import { RealChatKit } from './RealChatKit'

/** ChatKit (or its stand-in) while a secret can be had; a retry when the session stopped on an error. */
export function ChatArea({ realWidget }: { realWidget: boolean }) {
  return (
    <ChatKitSessionGate
      fallback={<ChatFallback />}
      // With the real widget, a ChatKit script that never loads shows as an error, not a blank box.
      widgetTimeoutMs={realWidget ? DEFAULT_WIDGET_TIMEOUT_MS : undefined}
      errorFallback={({ error, retry }) => (
        <section className="card error" role="alert" data-testid="chat-error">
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
      {realWidget ? <RealChatKit /> : <ChatKitStandIn />}
    </ChatKitSessionGate>
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
