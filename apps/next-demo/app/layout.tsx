import type { Metadata } from 'next'
import Script from 'next/script'
import type { ReactNode } from 'react'
import { DemoProviders } from '../components/DemoProviders'
import { getCurrentUserId } from '../lib/currentUser'
import { getDemoConfig } from '../lib/demoConfig'
import './globals.css'

export const metadata: Metadata = {
  title: 'chatkit-session · Next.js demo',
  description: 'A ChatKit client secret kept fresh by @chatkit-session/react and server actions.',
}

/** ChatKit's web component; loaded only when the real widget is rendered. */
const CHATKIT_SCRIPT = 'https://cdn.platform.openai.com/deployments/chatkit/chatkit.js'

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the cookie makes every page dynamic, so the environment is read at request time.
  const userId = await getCurrentUserId()
  const config = getDemoConfig()
  return (
    <html lang="en">
      <body>
        {config.mode === 'emulator' ? (
          <p className="banner" role="note" data-testid="emulator-banner">
            <strong>Running on the local emulator.</strong> No <code>OPENAI_API_KEY</code> is set, so sessions
            come from the in-process ChatKit API emulator and last {config.lifetimeSeconds} s (
            <code>CHATKIT_EMULATOR_LIFETIME_SECONDS</code>).
          </p>
        ) : (
          config.workflowId !== undefined && <Script src={CHATKIT_SCRIPT} strategy="afterInteractive" />
        )}
        <DemoProviders userId={userId}>{children}</DemoProviders>
      </body>
    </html>
  )
}
