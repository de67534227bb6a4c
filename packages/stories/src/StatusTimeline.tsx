import { useEffect, useState } from 'react'
import { useChatKitSessionStatus, type ChatKitSessionStatus } from '@chatkit-session/react'

interface Transition {
  status: ChatKitSessionStatus
  /** Milliseconds since the story mounted. */
  at: number
}

/** How many transitions the list keeps. */
const KEEP = 12

/** The provider's status transitions, newest last, with the time since the story mounted. */
export function StatusTimeline() {
  const status = useChatKitSessionStatus()
  const [mountedAt] = useState(() => performance.now())
  const [transitions, setTransitions] = useState<Transition[]>(() => [{ status, at: 0 }])
  useEffect(() => {
    setTransitions((previous) =>
      previous.at(-1)?.status === status
        ? previous
        : [...previous, { status, at: performance.now() - mountedAt }].slice(-KEEP),
    )
  }, [status, mountedAt])
  return (
    <ol
      aria-label="Status transitions"
      style={{ margin: 0, paddingLeft: '1.5em', fontSize: '0.8125rem', fontVariantNumeric: 'tabular-nums' }}
    >
      {transitions.map(({ status: reached, at }) => (
        <li key={at}>
          <span style={{ color: '#6b7280' }}>+{(at / 1000).toFixed(1)} s</span> {reached}
        </li>
      ))}
    </ol>
  )
}
