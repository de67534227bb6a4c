import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import '../../next-demo/app/globals.css'
import type { DemoSettings } from '../server/demoSettings.ts'
import { App } from './App.tsx'

/** ChatKit's web component; loaded only when the real widget is rendered. */
const CHATKIT_SCRIPT = 'https://cdn.platform.openai.com/deployments/chatkit/chatkit.js'

const root = createRoot(document.getElementById('root') as HTMLElement)
void fetch('/api/demo')
  .then((response) => response.json() as Promise<DemoSettings>)
  .then((settings) => {
    if (settings.realWidget) {
      const script = document.createElement('script')
      script.src = CHATKIT_SCRIPT
      document.head.append(script)
    }
    root.render(
      <StrictMode>
        <App settings={settings} />
      </StrictMode>,
    )
  })
