'use client'

import { ChatKitProvider, useChatKitApi, useChatKitSessionSelector } from '@chatkit-session/react'
import { ChatKitSessionBadge } from '@chatkit-session/react/components'
import { useEffect, useState } from 'react'
import { createChatKitToken } from '../app/actions'

/** How often the stand-in widget calls the ChatKit server. */
const CALL_EVERY_MS = 2_000

/** The self-hosted path: a provider of its own whose "sessions" are signed ChatKit tokens. */
export function SelfHostedDemo({ userId }: { userId: string | null }) {
  return (
    <ChatKitProvider
      createSession={createChatKitToken}
      sessionKey={['self-hosted', userId]}
      enabled={userId !== null}
    >
      <div className="grid">
        <TokenPanel />
        <ChatKitServerCalls />
      </div>
    </ChatKitProvider>
  )
}

/** The badge with its countdown, and the token id (its `jti`; never the token). */
function TokenPanel() {
  const status = useChatKitSessionSelector((s) => s.status)
  const tokenId = useChatKitSessionSelector((s) => s.clientSession?.id)
  const failure = useChatKitSessionSelector((s) => s.error ?? s.failureReason)
  const refresh = useChatKitSessionSelector((s) => s.refresh)
  // Counts each new token id as it is shown (ids are random: a change is a new token).
  const [seen, setSeen] = useState<{ last: string | undefined; count: number }>({ last: undefined, count: 0 })
  if (tokenId !== undefined && tokenId !== seen.last) setSeen({ last: tokenId, count: seen.count + 1 })

  return (
    <section aria-labelledby="token-title" className="card">
      <h2 id="token-title">ChatKit token</h2>
      <p className="row">
        <ChatKitSessionBadge countdown />
      </p>
      <dl className="facts">
        <dt>Token id</dt>
        <dd>
          <code data-testid="token-id">{tokenId ?? '—'}</code>
        </dd>
        <dt>Tokens received</dt>
        <dd data-testid="tokens-received">{seen.count}</dd>
        <dt>Token</dt>
        <dd>held in memory only, never shown</dd>
      </dl>
      {failure !== null && (
        <p className="failure" data-testid="failure" data-code={failure.code}>
          Last failure: <strong>{failure.code}</strong>: {failure.message}
        </p>
      )}
      <p className="row">
        <button type="button" onClick={() => void refresh()} disabled={status === 'cancelled'}>
          Refresh
        </button>
      </p>
    </section>
  )
}

interface Calls {
  ok: number
  failed: number
  lastStatus: string
  user: string | undefined
}

/**
 * A labelled stand-in for `<ChatKit>` in self-hosted mode: it calls the ChatKit server through
 * `api.fetch` (the token attached and renewed, one retry after a 401) every two seconds, as
 * the widget would while a thread is open, and counts what came back.
 */
function ChatKitServerCalls() {
  const api = useChatKitApi({ url: '/api/chatkit', domainKey: 'demo' })
  const [calls, setCalls] = useState<Calls>({ ok: 0, failed: 0, lastStatus: '—', user: undefined })

  useEffect(() => {
    let stopped = false
    let inFlight = false
    let sent = 0
    const call = async () => {
      if (inFlight) return
      inFlight = true
      sent += 1
      let next: (previous: Calls) => Calls
      try {
        const response = await api.fetch(`${api.url}/threads`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'ping', n: sent }),
        })
        const body = (await response.json().catch(() => null)) as { user?: string } | null
        next = response.ok
          ? (c) => ({ ...c, ok: c.ok + 1, lastStatus: String(response.status), user: body?.user })
          : (c) => ({ ...c, failed: c.failed + 1, lastStatus: String(response.status) })
      } catch {
        next = (c) => ({ ...c, failed: c.failed + 1, lastStatus: 'network error' })
      } finally {
        inFlight = false
      }
      if (!stopped) setCalls(next)
    }
    void call()
    const timer = setInterval(() => void call(), CALL_EVERY_MS)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [api])

  return (
    <section aria-labelledby="server-title" className="card standin" data-testid="chatkit-server-standin">
      <h2 id="server-title">ChatKit stand-in (self-hosted)</h2>
      <p className="hint">
        Stands in for <code>&lt;ChatKit api=&#123;&#123; url, domainKey, fetch &#125;&#125;&gt;</code>: it
        calls <code>{api.url}</code> through <code>api.fetch</code> every {CALL_EVERY_MS / 1000} s.
      </p>
      <dl className="facts">
        <dt>Succeeded</dt>
        <dd data-testid="calls-ok">{calls.ok}</dd>
        <dt>Failed</dt>
        <dd data-testid="calls-failed">{calls.failed}</dd>
        <dt>Last status</dt>
        <dd data-testid="calls-last-status">{calls.lastStatus}</dd>
        <dt>Server saw user</dt>
        <dd>
          <code data-testid="calls-user">{calls.user ?? '—'}</code>
        </dd>
      </dl>
    </section>
  )
}
