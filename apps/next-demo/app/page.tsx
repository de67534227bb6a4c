import { SelfHostedDemo } from '@chatkit-session/stories'
import Link from 'next/link'
import { AppQueryClient } from '../components/AppQueryClient'
import { getCurrentUserId } from '../lib/currentUser'
import { getSelfHostedBackend } from '../lib/selfHostedBackend'
import { createChatKitToken } from './actions'

export default async function Home({ searchParams }: PageProps<'/'>) {
  // Reading the cookie makes the page dynamic, so the environment is read at request time.
  const userId = await getCurrentUserId()
  const { ttlSeconds } = getSelfHostedBackend()
  const appQueryClient = (await searchParams).queryClient === 'app'
  const domainKey = process.env.CHATKIT_DOMAIN_KEY || undefined
  const realWidget = Boolean(process.env.OPENAI_API_KEY) && domainKey !== undefined
  return (
    <main>
      <h1>chatkit-session · your own ChatKit server</h1>
      <p className="hint">
        A server action signs a ChatKit token for you (valid {ttlSeconds} s,{' '}
        <code>CHATKIT_TOKEN_TTL_SECONDS</code>); <code>api.fetch</code> sends it to our ChatKit server at{' '}
        <code>/api/chatkit</code>, renews it before it expires, and retries once after a 401. Threads are
        saved in an embedded PostgreSQL (PGlite).{' '}
        <Link href="/hosted">Hosted sessions (Agent Builder) →</Link>
      </p>
      <AppQueryClient enabled={appQueryClient}>
        <SelfHostedDemo
          createToken={createChatKitToken}
          userId={userId}
          realWidget={realWidget}
          domainKey={domainKey ?? 'demo'}
        />
      </AppQueryClient>
    </main>
  )
}
