'use client'

import { useChatKitSessionSelector, useChatKitSessionStatus } from '@chatkit-session/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { SECRET_RECEIVED_EVENT, type SecretReceived } from './announceSecret.ts'

interface LogEntry {
  id: number
  at: string
  text: string
}

const MAX_ENTRIES = 12

/** The session's transitions, newest first: status changes, new session ids, failures. */
export function EventLog() {
  const status = useChatKitSessionStatus()
  const sessionId = useChatKitSessionSelector((s) => s.clientSession?.id)
  const failure = useChatKitSessionSelector((s) => (s.error ?? s.failureReason)?.code)
  const [entries, setEntries] = useState<LogEntry[]>([])
  const nextId = useRef(0)

  const append = useCallback((text: string) => {
    const entry = { id: nextId.current++, at: new Date().toLocaleTimeString(), text }
    setEntries((previous) => [entry, ...previous].slice(0, MAX_ENTRIES))
  }, [])

  useEffect(() => append(`status: ${status}`), [append, status])
  useEffect(() => {
    if (sessionId !== undefined) append(`session ${sessionId}`)
  }, [append, sessionId])
  useEffect(() => {
    if (failure !== undefined) append(`failure: ${failure}`)
  }, [append, failure])
  // How long ChatKit waited for its first secret, from the navigation start.
  useEffect(() => {
    const first = (event: Event) => {
      const { at } = (event as CustomEvent<SecretReceived>).detail
      append(`first secret ${Math.round(at - performance.timeOrigin)} ms after navigation`)
    }
    window.addEventListener(SECRET_RECEIVED_EVENT, first, { once: true })
    return () => window.removeEventListener(SECRET_RECEIVED_EVENT, first)
  }, [append])

  return (
    <section aria-labelledby="event-log-title" className="card">
      <h2 id="event-log-title">Event log</h2>
      <ol className="log" data-testid="event-log">
        {entries.map((entry) => (
          <li key={entry.id}>
            <time>{entry.at}</time> {entry.text}
          </li>
        ))}
      </ol>
    </section>
  )
}
