import { ChatArea } from '../components/ChatArea'
import { EventLog } from '../components/EventLog'
import { SessionPanel } from '../components/SessionPanel'
import { getDemoConfig } from '../lib/demoConfig'

export default function Home() {
  const config = getDemoConfig()
  const realWidget = config.mode === 'openai' && config.workflowId !== undefined
  return (
    <main>
      <h1>chatkit-session · Next.js demo</h1>
      <p className="hint">
        The client secret is created by a server action, refreshed before it expires, and never shown here.
      </p>
      <div className="grid">
        <SessionPanel />
        <ChatArea realWidget={realWidget} />
      </div>
      <EventLog />
    </main>
  )
}
