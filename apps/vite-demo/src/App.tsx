import { createCancelSessionFetcher, ChatKitProvider, createSessionFetcher } from '@chatkit-session/react'
// The Next demo's client components (badge and buttons, ChatKit or its stand-in, event log)
// only use @chatkit-session/react, so both demos render the same pieces.
import { ChatArea } from '../../next-demo/components/ChatArea'
import { EventLog } from '../../next-demo/components/EventLog'
import { SessionPanel } from '../../next-demo/components/SessionPanel'
import type { DemoSettings } from '../server/demoSettings.ts'

// The SPA's actions: the Hono server's Fetch handlers, read as server actions would be.
const createSession = createSessionFetcher('/api/chatkit/session')
const cancelSession = createCancelSessionFetcher('/api/chatkit/cancel')

export function App({ settings }: { settings: DemoSettings }) {
  return (
    <>
      {settings.mode === 'emulator' && (
        // In a landmark (the page's header): axe's `region` rule wants all content in one.
        <header>
          <p className="banner" role="note" data-testid="emulator-banner">
            <strong>Running on the local emulator.</strong> No <code>OPENAI_API_KEY</code> is set, so sessions
            come from the in-process ChatKit API emulator and last {settings.lifetimeSeconds} s (
            <code>CHATKIT_EMULATOR_LIFETIME_SECONDS</code>).
          </p>
        </header>
      )}
      <main>
        <h1>chatkit-session · Vite demo</h1>
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
