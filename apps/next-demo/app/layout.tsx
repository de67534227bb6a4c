import type { Metadata } from 'next'
import Script from 'next/script'
import { connection } from 'next/server'
import type { ReactNode } from 'react'
import { getDemoConfig } from '../lib/demoConfig'
import '@chatkit-session/stories/demo.css'

export const metadata: Metadata = {
  title: 'chatkit-session · Next.js demo',
  description: 'A ChatKit client secret kept fresh by @chatkit-session/react and server actions.',
}

/** ChatKit's web component; loaded only when the real widget is rendered. */
const CHATKIT_SCRIPT = 'https://cdn.platform.openai.com/deployments/chatkit/chatkit.js'

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request, so the environment is read at request time.
  await connection()
  const config = getDemoConfig()
  return (
    <html lang="en">
      <body>
        {config.mode === 'openai' && (config.workflowId !== undefined || process.env.CHATKIT_DOMAIN_KEY) && (
          <Script src={CHATKIT_SCRIPT} strategy="afterInteractive" />
        )}
        {children}
      </body>
    </html>
  )
}
