import { prefetchChatKitSession } from '@chatkit-session/server'
import { ChatArea, EmulatorBanner, EventLog, SessionPanel } from '@chatkit-session/stories'
import Link from 'next/link'
import { AppQueryClient } from '../../components/AppQueryClient'
import { DemoProviders } from '../../components/DemoProviders'
import { getCurrentUserId } from '../../lib/currentUser'
import { getDemoConfig } from '../../lib/demoConfig'
import { createSession } from '../actions'

export default async function Hosted({ searchParams }: PageProps<'/hosted'>) {
  // Reading the cookie makes the page dynamic, so the environment is read at request time.
  const userId = await getCurrentUserId()
  const config = getDemoConfig()
  const realWidget = config.mode === 'openai' && config.workflowId !== undefined
  const params = await searchParams
  const appQueryClient = params.queryClient === 'app'
  // Opt-in prefetch: the session is created while this page renders (not awaited: it streams
  // in), so the first secret is there at hydration. The page is per user and dynamic (it read
  // the user's cookie above); `?prefetch=0` shows the path without it.
  const initialSession =
    userId !== null && params.prefetch !== '0' ? prefetchChatKitSession(createSession) : undefined
  return (
    <>
      {config.mode === 'emulator' && <EmulatorBanner lifetimeSeconds={config.lifetimeSeconds} />}
      <main>
        <h1>chatkit-session · hosted ChatKit sessions</h1>
        <p className="note" role="note" data-testid="hosted-note">
          For existing Agent Builder integrations; Agent Builder shut down on 2026-11-30. A new app runs its
          own ChatKit server: <Link href="/">the chat on our ChatKit server →</Link>
        </p>
        <p className="hint">
          The client secret is created by a server action, refreshed before it expires, and never shown here.
        </p>
        <AppQueryClient enabled={appQueryClient}>
          <DemoProviders userId={userId} initialSession={initialSession}>
            <div className="grid">
              <SessionPanel />
              <ChatArea realWidget={realWidget} />
            </div>
            <EventLog />
          </DemoProviders>
        </AppQueryClient>
      </main>
    </>
  )
}
