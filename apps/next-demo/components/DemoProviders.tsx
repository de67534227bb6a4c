'use client'

import { ChatKitProvider } from '@chatkit-session/react'
import type { ReactNode } from 'react'
import { cancelSession, createSession } from '../app/actions'

/** The session provider for the whole app, keyed by the signed-in user. */
export function DemoProviders({ userId, children }: { userId: string | null; children: ReactNode }) {
  return (
    <ChatKitProvider
      createSession={createSession}
      cancelSession={cancelSession}
      sessionKey={[userId]}
      enabled={userId !== null}
    >
      {children}
    </ChatKitProvider>
  )
}
