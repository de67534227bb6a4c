import { ChatKitProvider, useChatKitSessionSelector } from '@chatkit-session/react'
import { createFakeSessionAction } from '@chatkit-session/testing'
import { QueryClient } from '@tanstack/react-query'
import { act, render } from '@testing-library/react'
import { useEffect } from 'react'
import { naiveGetClientSecret } from './baselines.ts'

/** 1,000 consumers asking on mount, then 1,000 concurrent calls: how many action calls? */
export async function dedupe(consumers: number) {
  const ours = createFakeSessionAction({ latencyMs: 50 })
  let getter: ((current: string | null) => Promise<string>) | undefined
  function Consumer() {
    const getClientSecret = useChatKitSessionSelector((s) => s.getClientSecret)
    getter = getClientSecret
    useEffect(() => {
      void getClientSecret(null)
    }, [getClientSecret])
    return null
  }
  const view = render(
    <ChatKitProvider createSession={ours} queryClient={new QueryClient()}>
      {Array.from({ length: consumers }, (_, i) => (
        <Consumer key={i} />
      ))}
    </ChatKitProvider>,
  )
  await act(async () => {
    const ask = getter
    if (ask) await Promise.all(Array.from({ length: consumers }, () => ask(null)))
  })
  view.unmount()

  const naive = createFakeSessionAction({ latencyMs: 50 })
  const naiveGet = naiveGetClientSecret(naive)
  await Promise.all(Array.from({ length: consumers * 2 }, () => naiveGet(null)))
  return { consumers, oursCalls: ours.calls, naiveCalls: naive.calls }
}
