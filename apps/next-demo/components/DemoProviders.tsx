'use client'

import { ChatKitProvider, type InitialSession } from '@chatkit-session/react'
import { useEffect, type ReactNode } from 'react'
import { cancelSession, createSession } from '../app/actions'

/** Marks the moment React hydrated the page, for the time-to-first-secret figures. */
export const HYDRATED_MARK = 'chatkit-demo:hydrated'

/** The session provider for the whole app, keyed by the signed-in user. */
export function DemoProviders({
  userId,
  initialSession,
  children,
}: {
  userId: string | null
  /** A session the page prefetched on the server (`prefetchChatKitSession`), if any. */
  initialSession?: InitialSession
  children: ReactNode
}) {
  useEffect(() => {
    performance.mark(HYDRATED_MARK)
  }, [])
  return (
    <ChatKitProvider
      createSession={createSession}
      cancelSession={cancelSession}
      sessionKey={[userId]}
      enabled={userId !== null}
      initialSession={initialSession}
    >
      {children}
    </ChatKitProvider>
  )
}
