import { createSessionFetcher } from '@chatkit-session/react'
import { SelfHostedDemo } from '@chatkit-session/stories'
import type { DemoSettings } from '../server/demoSettings.ts'

// The token handler (`createChatKitTokenHandler`): its answer has a session's shape, so the
// session fetcher reads it.
const createChatKitToken = createSessionFetcher('/api/chatkit/token')

/** `/`: the chat on our own ChatKit server, with tokens kept fresh by the provider. */
export function HomePage({ settings }: { settings: DemoSettings }) {
  const { ttlSeconds, realWidget, domainKey } = settings.chat
  return (
    <main>
      <h1>chatkit-session · Vite demo · your own ChatKit server</h1>
      <p className="hint">
        The Hono server signs a ChatKit token for you at <code>POST /api/chatkit/token</code> (valid{' '}
        {ttlSeconds} s, <code>CHATKIT_TOKEN_TTL_SECONDS</code>); <code>api.fetch</code> sends it to our
        ChatKit server at <code>/api/chatkit</code>, renews it before it expires, and retries once after a
        401. Threads are saved in an embedded PostgreSQL (PGlite).{' '}
        <a href="/hosted">Hosted sessions (Agent Builder) →</a>
      </p>
      <SelfHostedDemo createToken={createChatKitToken} realWidget={realWidget} domainKey={domainKey} />
    </main>
  )
}
