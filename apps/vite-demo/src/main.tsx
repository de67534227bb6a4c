import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import '@chatkit-session/stories/demo.css'
import type { DemoSettings } from '../server/demoSettings.ts'
import { HomePage } from './HomePage.tsx'
import { HostedPage } from './HostedPage.tsx'

/** ChatKit's web component; loaded only when the real widget is rendered. */
const CHATKIT_SCRIPT = 'https://cdn.platform.openai.com/deployments/chatkit/chatkit.js'

// Two pages, no router: `/hosted` is the hosted sessions' page, every other path the chat.
const hosted = window.location.pathname.replace(/\/+$/, '') === '/hosted'
const root = createRoot(document.getElementById('root') as HTMLElement)
void fetch('/api/demo')
  .then((response) => response.json() as Promise<DemoSettings>)
  .then((settings) => {
    if (hosted ? settings.realWidget : settings.chat.realWidget) {
      const script = document.createElement('script')
      script.src = CHATKIT_SCRIPT
      document.head.append(script)
    }
    root.render(
      <StrictMode>
        {hosted ? <HostedPage settings={settings} /> : <HomePage settings={settings} />}
      </StrictMode>,
    )
  })
