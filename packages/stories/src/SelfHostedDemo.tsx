'use client'

import {
  ChatKitProvider,
  useChatKitApi,
  useChatKitSessionSelector,
  type ChatKitProviderProps,
} from '@chatkit-session/react'
import { ChatKitSessionBadge, ChatKitSessionGate } from '@chatkit-session/react/components'
import { ChatKit, useChatKit } from '@openai/chatkit-react'
import { useEffect, useState } from 'react'
import { ChatKitChat } from './ChatKitChat.tsx'

/** Where both demos mount our ChatKit server. */
const CHATKIT_URL = '/api/chatkit'

/** How often the stand-in widget calls the ChatKit server. */
const CALL_EVERY_MS = 2_000

/** Props of {@link SelfHostedDemo}. */
export interface SelfHostedDemoProps {
  /**
   * Signs a ChatKit token for the signed-in user: the Next demo's server action
   * (`createChatKitToken`), the Vite demo's `createSessionFetcher('/api/chatkit/token')`.
   */
  createToken: ChatKitProviderProps['createSession']
  /**
   * The signed-in user, when the page knows it: part of the provider's `sessionKey`, and
   * `null` keeps the provider idle. `undefined` when only the server knows (an HttpOnly cookie).
   * @default undefined
   */
  userId?: string | null
  /** Render OpenAI's `<ChatKit>` (a key and `CHATKIT_DOMAIN_KEY` are set) instead of our small chat. */
  realWidget: boolean
  /** `CHATKIT_DOMAIN_KEY`, or a placeholder for our chat (which does not check it). */
  domainKey: string
}

/** The self-hosted path: a provider whose "sessions" are signed ChatKit tokens, and the chat. */
export function SelfHostedDemo({ createToken, userId, realWidget, domainKey }: SelfHostedDemoProps) {
  return (
    <ChatKitProvider
      createSession={createToken}
      sessionKey={['self-hosted', userId]}
      enabled={userId !== null}
    >
      <section aria-labelledby="chat-title" className="card chat-card">
        <h2 id="chat-title">Chat</h2>
        <ChatKitSessionGate wrapper fallback={<p className="muted">Connecting to the ChatKit server…</p>}>
          {realWidget ? <RealSelfHostedChatKit domainKey={domainKey} /> : <OurChat domainKey={domainKey} />}
        </ChatKitSessionGate>
      </section>
      <div className="grid">
        <TokenPanel />
        <ChatKitServerCalls domainKey={domainKey} />
      </div>
    </ChatKitProvider>
  )
}

/** OpenAI's widget on our ChatKit server (its script loads from OpenAI's CDN). */
function RealSelfHostedChatKit({ domainKey }: { domainKey: string }) {
  const { control } = useChatKit({ api: useChatKitApi({ url: CHATKIT_URL, domainKey }) })
  return <ChatKit control={control} className="chatkit" />
}

/** Our small chat, speaking the same protocol through the same `api.fetch`. */
function OurChat({ domainKey }: { domainKey: string }) {
  const api = useChatKitApi({ url: CHATKIT_URL, domainKey })
  return (
    <>
      <p className="hint">
        Without <code>OPENAI_API_KEY</code> and <code>CHATKIT_DOMAIN_KEY</code> this small chat of ours stands
        in for <code>&lt;ChatKit&gt;</code>: it sends the widget&apos;s requests to <code>{CHATKIT_URL}</code>
        .
      </p>
      <ChatKitChat api={api} />
    </>
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
}

/**
 * A connection check beside the chat: every two seconds it lists the user's newest thread
 * (`threads.list`, limit 1) through `api.fetch` (the token attached and renewed, one retry
 * after a 401), as an open widget keeps talking to its server, and counts what came back.
 */
function ChatKitServerCalls({ domainKey }: { domainKey: string }) {
  const api = useChatKitApi({ url: CHATKIT_URL, domainKey })
  const [calls, setCalls] = useState<Calls>({ ok: 0, failed: 0, lastStatus: '—' })

  useEffect(() => {
    let stopped = false
    let inFlight = false
    const call = async () => {
      if (inFlight) return
      inFlight = true
      let next: (previous: Calls) => Calls
      try {
        const response = await api.fetch(api.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'threads.list', params: { limit: 1 } }),
        })
        await response.body?.cancel()
        next = response.ok
          ? (c) => ({ ...c, ok: c.ok + 1, lastStatus: String(response.status) })
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
      <h2 id="server-title">ChatKit server calls</h2>
      <p className="hint">
        Lists your newest thread at <code>{api.url}</code> through <code>api.fetch</code> every{' '}
        {CALL_EVERY_MS / 1000} s, as an open widget keeps talking to its server.
      </p>
      <dl className="facts">
        <dt>Succeeded</dt>
        <dd data-testid="calls-ok">{calls.ok}</dd>
        <dt>Failed</dt>
        <dd data-testid="calls-failed">{calls.failed}</dd>
        <dt>Last status</dt>
        <dd data-testid="calls-last-status">{calls.lastStatus}</dd>
      </dl>
    </section>
  )
}
