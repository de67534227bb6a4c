'use client'

import { isChatKitSessionError, useChatKitSessionSelector } from '@chatkit-session/react'
import { useCallback, useEffect, useId, useRef, useState, type CSSProperties, type ReactNode } from 'react'

/** Props of {@link ChatKitStandIn}. */
export interface ChatKitStandInProps {
  /**
   * How long before the deadline of the secret it holds the stand-in asks for the next one,
   * passing that secret back, as ChatKit does. Negative: that long after the deadline.
   * @default 1000
   */
  renewBeforeExpiryMs?: number
  /** Called with each secret the stand-in receives (to announce a fingerprint, say). Never show it. */
  onSecret?: (secret: string) => void
  /**
   * What the box says under its title.
   * @default a note that this is not the real widget
   */
  children?: ReactNode
  /**
   * Skip the built-in styles; style it with `className`.
   * @default false
   */
  unstyled?: boolean
  /** Class name of the box. */
  className?: string
  /**
   * Clock on Date.now's timeline, against which the next ask is timed.
   * @default Date.now
   */
  now?: () => number
}

/** The secret the stand-in holds (never rendered) and its deadline once known. */
interface Held {
  secret: string
  deadline: number | undefined
}

type Call = 'getClientSecret(null)' | 'getClientSecret(current)'

const styles = {
  box: { border: '2px dashed #9ca3af', borderRadius: '10px', padding: '0.75em 1em', maxWidth: '26em' },
  title: { margin: '0 0 0.5em', fontSize: 'inherit', fontWeight: 600 },
  note: { margin: '0 0 0.75em', color: '#6b7280', fontSize: '0.8125rem' },
  line: { margin: 0 },
  failure: { margin: 0, color: '#7f1d1d' },
} satisfies Record<string, CSSProperties>

/**
 * A labelled stand-in for ChatKit's widget, whose script loads from OpenAI's CDN (out of reach
 * in stories, tests and demos without a key). Inside `<ChatKitProvider>` it calls the provider's
 * `getClientSecret` the way ChatKit does: with `null` on mount, then with the secret it holds
 * shortly before that one expires. It shows what happened, never a secret.
 */
export function ChatKitStandIn({
  renewBeforeExpiryMs = 1_000,
  onSecret,
  children,
  unstyled = false,
  className,
  now = Date.now,
}: ChatKitStandInProps) {
  const getClientSecret = useChatKitSessionSelector((s) => s.getClientSecret)
  const providerSecret = useChatKitSessionSelector((s) => s.clientSecret)
  const providerDeadline = useChatKitSessionSelector((s) => s.expiresAt)
  const titleId = useId()
  const [held, setHeld] = useState<Held | null>(null)
  const [received, setReceived] = useState(0)
  const [receivedAt, setReceivedAt] = useState<string>()
  const [lastCall, setLastCall] = useState<Call>()
  const [failure, setFailure] = useState<string>()
  const mounted = useRef(false)
  // The latest callback, so a new function from the parent does not ask again.
  const announce = useRef(onSecret)
  useEffect(() => {
    announce.current = onSecret
  })

  // ChatKit learns its secret's lifetime; the stand-in, from the provider once it shows that secret.
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
      setLastCall(current === null ? 'getClientSecret(null)' : 'getClientSecret(current)')
      getClientSecret(current).then(
        (secret) => {
          announce.current?.(secret)
          if (!mounted.current) return
          setHeld({ secret, deadline: undefined })
          setReceived((count) => count + 1)
          setReceivedAt(new Date().toLocaleTimeString())
          setFailure(undefined)
        },
        (error: unknown) => {
          if (mounted.current) setFailure(isChatKitSessionError(error) ? error.code : 'unknown error')
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
    const delay = Math.max(0, held.deadline - now() - renewBeforeExpiryMs)
    const timer = setTimeout(() => ask(held.secret), delay)
    return () => clearTimeout(timer)
  }, [held, ask, now, renewBeforeExpiryMs])

  const style = (name: keyof typeof styles) => (unstyled ? undefined : styles[name])
  return (
    <section
      aria-labelledby={titleId}
      className={className}
      style={style('box')}
      data-testid="chatkit-standin"
    >
      <h2 id={titleId} style={style('title')}>
        ChatKit stand-in
      </h2>
      {children ?? (
        <p style={style('note')}>
          Not the real widget: ChatKit loads from OpenAI&apos;s CDN, out of reach here. This box asks for
          secrets the way ChatKit does.
        </p>
      )}
      <p style={style('line')} data-testid="standin-state" data-has-secret={held !== null}>
        {held === null ? 'Waiting for a client secret…' : `Holding a client secret (received ${receivedAt}).`}
      </p>
      <p style={style('line')}>
        Secrets received: <strong>{received}</strong>
      </p>
      <p style={style('line')}>
        Last call: <code>{lastCall ?? 'none yet'}</code>
      </p>
      {failure !== undefined && <p style={style('failure')}>getClientSecret rejected: {failure}</p>}
    </section>
  )
}
