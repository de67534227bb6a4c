'use client'

import { useChatKitSessionSelector } from '@chatkit-session/react'
import { ChatKitSessionBadge } from '@chatkit-session/react/components'

/**
 * What the session is doing: the status badge with its countdown, the session id (never the
 * secret), the last failure, and the buttons that drive it.
 */
export function SessionPanel() {
  const status = useChatKitSessionSelector((s) => s.status)
  const sessionId = useChatKitSessionSelector((s) => s.clientSession?.id)
  const failure = useChatKitSessionSelector((s) => s.error ?? s.failureReason)
  const failureCount = useChatKitSessionSelector((s) => s.failureCount)
  const refresh = useChatKitSessionSelector((s) => s.refresh)
  const cancel = useChatKitSessionSelector((s) => s.cancel)
  const restart = useChatKitSessionSelector((s) => s.restart)
  const hasSession = sessionId !== undefined && status !== 'cancelled'

  return (
    <section aria-labelledby="session-title" className="card">
      <h2 id="session-title">Session</h2>
      <p className="row">
        <ChatKitSessionBadge countdown />
      </p>
      <dl className="facts">
        <dt>Session id</dt>
        <dd>
          <code data-testid="session-id">{sessionId ?? '—'}</code>
        </dd>
        <dt>Client secret</dt>
        <dd>held in memory only, never shown</dd>
      </dl>
      {failure !== null && (
        <p className="failure" data-testid="failure" data-code={failure.code}>
          Last failure: <strong>{failure.code}</strong>: {failure.message}
          {failure.retryable && status !== 'error' ? ` Retrying (attempt ${failureCount}).` : ''}
        </p>
      )}
      <p className="row">
        <button type="button" onClick={() => void refresh()} disabled={status === 'cancelled'}>
          Refresh
        </button>
        <button type="button" onClick={() => void cancel()} disabled={!hasSession}>
          Cancel
        </button>
        <button type="button" onClick={() => void restart()}>
          Restart
        </button>
      </p>
    </section>
  )
}
