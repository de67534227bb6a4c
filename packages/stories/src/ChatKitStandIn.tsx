import { isChatKitSessionError } from '@chatkit-session/core'
import { useEffect, useState } from 'react'

/** Props of {@link ChatKitStandIn}. */
export interface ChatKitStandInProps {
  /** What `useChatKit({ api: { getClientSecret } })` receives. */
  getClientSecret: (currentClientSecret: string | null) => Promise<string>
  /**
   * How long after receiving a secret the stand-in asks for the next one, passing the current
   * secret back, as ChatKit does before its secret expires.
   */
  renewAfterMs: number
}

type LastCall = 'getClientSecret(null)' | 'getClientSecret(current)'

/**
 * A stand-in for the ChatKit widget, which loads from OpenAI's CDN (out of reach here). It
 * calls `getClientSecret` the way ChatKit does: with `null` on mount, then with the secret it
 * holds before that one expires. It shows how many secrets it received, never a secret.
 */
export function ChatKitStandIn({ getClientSecret, renewAfterMs }: ChatKitStandInProps) {
  const [received, setReceived] = useState(0)
  const [lastCall, setLastCall] = useState<LastCall | undefined>(undefined)
  const [problem, setProblem] = useState<string | undefined>(undefined)

  useEffect(() => {
    let current: string | null = null
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const ask = async () => {
      setLastCall(current === null ? 'getClientSecret(null)' : 'getClientSecret(current)')
      try {
        const secret = await getClientSecret(current)
        if (stopped) return
        current = secret // kept here only, as ChatKit keeps it: never rendered
        setReceived((count) => count + 1)
        setProblem(undefined)
        timer = setTimeout(() => void ask(), renewAfterMs)
      } catch (error) {
        if (!stopped) setProblem(isChatKitSessionError(error) ? error.code : 'unknown error')
      }
    }
    void ask()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [getClientSecret, renewAfterMs])

  return (
    <section
      aria-label="ChatKit stand-in"
      style={{ border: '2px dashed #9ca3af', borderRadius: '10px', padding: '0.75em 1em', maxWidth: '26em' }}
    >
      <p style={{ margin: '0 0 0.5em', fontWeight: 600 }}>ChatKit stand-in</p>
      <p style={{ margin: '0 0 0.75em', color: '#6b7280', fontSize: '0.8125rem' }}>
        Not the real widget: ChatKit loads from OpenAI&apos;s CDN, out of reach here. This box asks for
        secrets the way ChatKit does.
      </p>
      <p style={{ margin: 0 }}>
        Secrets received: <strong>{received}</strong>
      </p>
      <p style={{ margin: 0 }}>
        Last call: <code>{lastCall ?? 'none yet'}</code>
      </p>
      {problem !== undefined && (
        <p style={{ margin: 0, color: '#7f1d1d' }}>getClientSecret rejected: {problem}</p>
      )}
    </section>
  )
}
