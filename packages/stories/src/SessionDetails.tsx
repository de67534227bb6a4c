import { useId, type ReactNode } from 'react'
import { useChatKitSessionSelector } from '@chatkit-session/react'
import { useFakeSession } from './withFakeSession.tsx'

/** A session id shortened for display. Ids only: a client secret never reaches the screen. */
function shortId(id: string): string {
  return id.length > 16 ? `${id.slice(0, 15)}…` : id
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  const id = useId()
  return (
    <div style={{ display: 'contents' }}>
      <dt id={id} style={{ color: '#6b7280' }}>
        {term}
      </dt>
      <dd aria-labelledby={id} style={{ margin: 0, fontVariantNumeric: 'tabular-nums' }}>
        {children}
      </dd>
    </div>
  )
}

/** What the story's session looks like behind the badge: session id, calls, failures. */
export function SessionDetails() {
  const { action } = useFakeSession()
  const sessionId = useChatKitSessionSelector((s) => s.clientSession?.id)
  const failureCount = useChatKitSessionSelector((s) => s.failureCount)
  const failureCode = useChatKitSessionSelector((s) => s.failureReason?.code)
  const cancelled = action.cancelled.at(-1)
  return (
    <dl
      aria-label="Session details"
      style={{
        display: 'grid',
        gridTemplateColumns: 'max-content max-content',
        gap: '0.15em 1em',
        margin: 0,
        fontSize: '0.8125rem',
      }}
    >
      <Detail term="Session">{sessionId === undefined ? 'none' : shortId(sessionId)}</Detail>
      <Detail term="createSession calls">{action.calls}</Detail>
      <Detail term="Failures since last success">
        {failureCount}
        {failureCode === undefined ? '' : ` (${failureCode})`}
      </Detail>
      {cancelled !== undefined && <Detail term="Cancelled on the server">{shortId(cancelled)}</Detail>}
    </dl>
  )
}
