import { ChatKitProvider, useChatKitSessionSelector, useChatKitSessionStatus } from '@chatkit-session/react'
import { createFakeSessionAction } from '@chatkit-session/testing'
import { QueryClient } from '@tanstack/react-query'
import { act, render } from '@testing-library/react'
import { Profiler, memo, type ReactNode } from 'react'
import { vi } from 'vitest'
import { HandRolledProvider, useHandRolled } from './handRolledProvider.tsx'

export interface RenderCounts {
  statusOnlyPerConsumer: number
  getterOnlyPerConsumer: number
  /** React commits (Profiler around the whole tree) during the cycle. */
  commits: number
}

/**
 * Renders per refresh cycle (one 600 s session replaced by the next), counted per consumer, and
 * React Profiler commits of the whole tree, for ours and for a hand-rolled context provider.
 */
export async function rendersPerRefresh(
  consumers: number,
): Promise<{ ours: RenderCounts; handRolled: RenderCounts }> {
  const measure = async (kind: 'ours' | 'handRolled'): Promise<RenderCounts> => {
    vi.useFakeTimers({ now: new Date('2026-11-25T00:00:00Z').getTime() })
    const counts = { status: 0, getter: 0, commits: 0 }
    const useStatus = kind === 'ours' ? useChatKitSessionStatus : () => useHandRolled().status
    const useGetter =
      kind === 'ours'
        ? () => useChatKitSessionSelector((s) => s.getClientSecret)
        : () => useHandRolled().getClientSecret
    const StatusOnly = memo(function StatusOnly() {
      useStatus()
      counts.status += 1
      return null
    })
    const GetterOnly = memo(function GetterOnly() {
      useGetter()
      counts.getter += 1
      return null
    })
    const action = createFakeSessionAction({ lifetimeSeconds: 600, latencyMs: 1_000 })
    const tree: ReactNode = (
      <>
        {Array.from({ length: consumers }, (_, i) => (
          <StatusOnly key={`s${i}`} />
        ))}
        {Array.from({ length: consumers }, (_, i) => (
          <GetterOnly key={`g${i}`} />
        ))}
      </>
    )
    const view = render(
      <Profiler id={kind} onRender={() => (counts.commits += 1)}>
        {kind === 'ours' ? (
          <ChatKitProvider createSession={action} queryClient={new QueryClient()} random={() => 0}>
            {tree}
          </ChatKitProvider>
        ) : (
          <HandRolledProvider action={action}>{tree}</HandRolledProvider>
        )}
      </Profiler>,
    )
    // One act() per simulated second: a single long act() would batch separate updates into
    // one render and undercount a provider that re-renders on every change.
    const advance = async (ms: number) => {
      for (let elapsed = 0; elapsed < ms; elapsed += 1_000) {
        await act(async () => {
          await vi.advanceTimersByTimeAsync(1_000)
        })
      }
    }
    await advance(2_000) // the first session is in
    const before = { ...counts }
    await advance(600_000) // one refresh cycle (the refresh lands within it)
    view.unmount()
    vi.useRealTimers()
    if (action.calls !== 2) throw new Error(`expected exactly one refresh, saw ${action.calls - 1}`)
    return {
      statusOnlyPerConsumer: (counts.status - before.status) / consumers,
      getterOnlyPerConsumer: (counts.getter - before.getter) / consumers,
      commits: counts.commits - before.commits,
    }
  }
  return { ours: await measure('ours'), handRolled: await measure('handRolled') }
}
