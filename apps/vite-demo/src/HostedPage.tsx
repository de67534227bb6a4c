import { createCancelSessionFetcher, ChatKitProvider, createSessionFetcher } from '@chatkit-session/react'
import { ChatArea, EmulatorBanner, EventLog, SessionPanel } from '@chatkit-session/stories'
import type { DemoSettings } from '../server/demoSettings.ts'

// The hosted page's actions: the Hono server's Fetch handlers, read as server actions would be.
const createSession = createSessionFetcher('/api/chatkit/session')
const cancelSession = createCancelSessionFetcher('/api/chatkit/cancel')

/** `/hosted`: sessions of OpenAI's hosted ChatKit (an Agent Builder workflow), kept fresh. */
export function HostedPage({ settings }: { settings: DemoSettings }) {
  return (
    <>
      {settings.mode === 'emulator' && <EmulatorBanner lifetimeSeconds={settings.lifetimeSeconds} />}
      <main>
        <h1>chatkit-session · Vite demo · hosted ChatKit sessions</h1>
        <p className="note" role="note" data-testid="hosted-note">
          For existing Agent Builder integrations; Agent Builder shut down on 2026-11-30. A new app runs its
          own ChatKit server: <a href="/">the chat on our ChatKit server →</a>
        </p>
        <p className="hint">
          A Vite single-page app: the client secret comes from <code>POST /api/chatkit/session</code> on its
          Hono server (<code>createChatKitSessionHandler</code>), through <code>createSessionFetcher</code>,
          refreshed before it expires, and never shown here.
        </p>
        <ChatKitProvider createSession={createSession} cancelSession={cancelSession}>
          <div className="grid">
            <SessionPanel />
            <ChatArea realWidget={settings.realWidget} />
          </div>
          <EventLog />
        </ChatKitProvider>
      </main>
    </>
  )
}
