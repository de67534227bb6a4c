'use client'

import {
  isChatKitSessionError,
  useChatKitSessionSelector,
  useChatKitWidgetStatus,
} from '@chatkit-session/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { announceSecret } from '../lib/announceSecret'

/** How long before its secret's deadline the stand-in asks for a new one. */
const ASK_BEFORE_EXPIRY_MS = 1_000

/** The secret the stand-in holds (never rendered) and its deadline once known. */
interface Held {
  secret: string
  deadline: number | undefined
}

/**
 * A labelled stand-in for `<ChatKit>` (whose script cannot load without OpenAI's CDN): it
 * calls `getClientSecret(null)` on mount and `getClientSecret(current)` shortly before the
 * secret it holds expires, as the widget does, and shows what happened (never the secret).
 */
export function ChatKitStandIn() {
  const getClientSecret = useChatKitSessionSelector((s) => s.getClientSecret)
  const providerSecret = useChatKitSessionSelector((s) => s.clientSecret)
  const providerDeadline = useChatKitSessionSelector((s) => s.expiresAt)
  const widget = useChatKitWidgetStatus()
  const [held, setHeld] = useState<Held | null>(null)
  const [calls, setCalls] = useState(0)
  const [receivedAt, setReceivedAt] = useState<string>()
  const [failure, setFailure] = useState<string>()
  const mounted = useRef(false)

  // The widget learns its secret's lifetime; here, from the provider once it shows that secret.
  if (
    held &&
    held.deadline === undefined &&
    providerSecret === held.secret &&
    providerDeadline !== undefined
  ) {
    setHeld({ ...held, deadline: providerDeadline })
  }

  const ask = useCallback(
    (current: string | null) => {
      setCalls((n) => n + 1)
      getClientSecret(current).then(
        (secret) => {
          announceSecret(secret)
          if (!mounted.current) return
          setHeld({ secret, deadline: undefined })
          setReceivedAt(new Date().toLocaleTimeString())
          setFailure(undefined)
        },
        (error: unknown) => {
          if (mounted.current) setFailure(isChatKitSessionError(error) ? error.code : 'unknown')
        },
      )
    },
    [getClientSecret],
  )

  useEffect(() => {
    mounted.current = true
    ask(null)
    return () => {
      mounted.current = false
    }
  }, [ask])

  useEffect(() => {
    if (held?.deadline === undefined) return
    const delay = Math.max(0, held.deadline - Date.now() - ASK_BEFORE_EXPIRY_MS)
    const timer = setTimeout(() => ask(held.secret), delay)
    return () => clearTimeout(timer)
  }, [held, ask])

  return (
    <section aria-labelledby="standin-title" className="card standin" data-testid="chatkit-standin">
      <h2 id="standin-title">ChatKit stand-in</h2>
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
      <p data-testid="standin-state" data-has-secret={held !== null}>
        {held === null ? 'Waiting for a client secret…' : `Holding a client secret (received ${receivedAt}).`}{' '}
        getClientSecret calls: {calls}.{failure !== undefined && ` Last call failed: ${failure}.`}
      </p>
    </section>
  )
}
