import Link from 'next/link'
import { AppQueryClient } from '../../components/AppQueryClient'
import { SelfHostedDemo } from '../../components/SelfHostedDemo'
import { getCurrentUserId } from '../../lib/currentUser'
import { getSelfHostedBackend } from '../../lib/selfHostedBackend'

export default async function SelfHosted({ searchParams }: PageProps<'/self-hosted'>) {
  // Reading the cookie makes the page dynamic, so the environment is read at request time.
  const userId = await getCurrentUserId()
  const { ttlSeconds } = getSelfHostedBackend()
  const appQueryClient = (await searchParams).queryClient === 'app'
  return (
    <main>
      <h1>chatkit-session · self-hosted ChatKit server</h1>
      <p className="hint">
        A server action signs a ChatKit token for you (valid {ttlSeconds} s,{' '}
        <code>CHATKIT_TOKEN_TTL_SECONDS</code>); <code>api.fetch</code> sends it to the ChatKit server at{' '}
        <code>/api/chatkit</code> (here a stand-in that verifies it), renews it before it expires, and retries
        once after a 401. <Link href="/">← Hosted sessions</Link>
      </p>
      <AppQueryClient enabled={appQueryClient}>
        <SelfHostedDemo userId={userId} />
      </AppQueryClient>
    </main>
  )
}
