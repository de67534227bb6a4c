import { useChatKitSession } from '@chatkit-session/react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { naiveGetClientSecret } from './baselines.ts'
import { createEmulatorAction } from './emulatorAction.ts'
import { percentiles } from './random.ts'

async function time(calls: number, getClientSecret: (current: string | null) => Promise<string>) {
  const samples: number[] = []
  for (let i = 0; i < calls; i += 1) {
    const start = performance.now()
    await getClientSecret(null)
    samples.push(performance.now() - start)
  }
  return percentiles(samples)
}

/**
 * `getClientSecret` with a fresh secret: ours answers from the cache; naive calls the server
 * action (SDK + in-process emulator) every time.
 */
export async function getClientSecretLatency(calls: number, naiveCalls: number) {
  const { action } = createEmulatorAction()
  const client = new QueryClient()
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  )
  const hook = renderHook(() => useChatKitSession({ createSession: action }), { wrapper })
  await waitFor(() => {
    if (hook.result.current.status !== 'active') throw new Error('not active yet')
  })
  const ours = await time(calls, hook.result.current.getClientSecret)
  hook.unmount()
  client.clear()
  const naive = await time(naiveCalls, naiveGetClientSecret(action))
  return { ours, naive, calls, naiveCalls }
}
