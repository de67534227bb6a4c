'use client'

import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'

/**
 * Wraps the page in an app's own `QueryClientProvider` when `enabled` (`?queryClient=app`), so
 * the session lives in the app's client; otherwise the provider keeps a private client. The
 * library must behave the same either way: the lifecycle suite runs every scenario on both.
 */
export function AppQueryClient({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [client] = useState(() => (enabled ? new QueryClient() : undefined))
  if (client === undefined) return children
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>
}
