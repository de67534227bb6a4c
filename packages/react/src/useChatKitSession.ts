import { QueryClient, QueryClientContext, useQuery } from '@tanstack/react-query'
import { useContext, useEffect, useReducer, useRef, useState } from 'react'
import { createSessionActions } from './sessionActions.ts'
import { createSessionQuery } from './sessionQuery.ts'
import { deriveSessionState } from './deriveSessionState.ts'
import { sessionQueryKey } from './sessionData.ts'
import type { UseChatKitSessionOptions, UseChatKitSessionResult } from './types.ts'

/**
 * Events after which the page may have slept, been hidden, frozen, offline or restored from the
 * back/forward cache: re-check freshness and continue a paused retry at once. `resume` is the
 * Page Lifecycle API's (after a freeze); it and `visibilitychange` are fired at the document.
 * Before a freeze, `freeze` (document) or `pagehide` (window) note which request was in flight.
 */
const WINDOW_WAKE_EVENTS = ['focus', 'online', 'pageshow'] as const
const DOCUMENT_WAKE_EVENTS = ['visibilitychange', 'resume'] as const

/**
 * Keeps a ChatKit client secret fresh: creates sessions through `createSession`, refreshes
 * each one before its deadline on TanStack Query's own timer, dedupes every caller into one
 * request, and never hands out an expired secret.
 *
 * @example
 * const session = useChatKitSession({ createSession, cancelSession, sessionKey: [userId] })
 * const { control } = useChatKit({ api: { getClientSecret: session.getClientSecret } })
 */
export function useChatKitSession<TInput = undefined>(
  options: UseChatKitSessionOptions<TInput>,
): UseChatKitSessionResult {
  const { enabled = true, sessionKey, queryClient: explicitClient } = options
  const contextClient = useContext(QueryClientContext)
  const [privateClient] = useState(() => ((explicitClient ?? contextClient) ? undefined : new QueryClient()))
  const queryClient = explicitClient ?? contextClient ?? (privateClient as QueryClient)
  const queryKey = sessionQueryKey(sessionKey)

  // The latest options, read by the stable functions below and by the query's callbacks.
  const latest = useRef({ options, queryClient, queryKey })
  useEffect(() => {
    latest.current = { options, queryClient, queryKey }
  })
  const now = () => (latest.current.options.now ?? Date.now)()
  // Stable for the hook's whole life: ChatKit may keep the first function it was given.
  const [sessionQuery] = useState(() => createSessionQuery(() => latest.current, now))
  const [{ actions, freeze, thaw, revalidate, rejectWaiting }] = useState(() =>
    createSessionActions(() => latest.current, now, sessionQuery.pendingAttempt),
  )
  const result = useQuery(sessionQuery.options(queryKey, enabled), queryClient)
  const [, rerender] = useReducer((tick: number) => tick + 1, 0)

  // TanStack continues retries it paused (hidden document, offline) only for a mounted client,
  // which QueryClientProvider does and a private client never is. Mounting is counted, so an
  // app's client is unmounted only when its last user lets go.
  useEffect(() => {
    queryClient.mount()
    return () => queryClient.unmount()
  }, [queryClient])

  const attached = useRef(0)
  useEffect(() => {
    attached.current += 1
    const wake = (event: Event) => {
      if (event.type === 'resume' || (event as PageTransitionEvent).persisted === true) thaw()
      else revalidate()
      rerender()
    }
    const listeners: (readonly [EventTarget, string, (event: Event) => void])[] = [
      ...WINDOW_WAKE_EVENTS.map((type) => [window, type, wake] as const),
      ...DOCUMENT_WAKE_EVENTS.map((type) => [document, type, wake] as const),
      [window, 'pagehide', freeze],
      [document, 'freeze', freeze],
    ]
    for (const [target, type, listener] of listeners) target.addEventListener(type, listener)
    return () => {
      attached.current -= 1
      for (const [target, type, listener] of listeners) target.removeEventListener(type, listener)
      // Callers still waiting would wait out their timeout, and a private client would keep
      // the query (and its 5-minute garbage-collection timer); StrictMode remounts in the same
      // task, so only a real unmount settles the callers and clears the private cache.
      queueMicrotask(() => {
        if (attached.current !== 0) return
        rejectWaiting()
        privateClient?.clear()
      })
    }
  }, [freeze, thaw, revalidate, rejectWaiting, privateClient])

  const data = result.data
  useEffect(() => {
    if (data?.state === 'issued') latest.current.options.onSessionChange?.(data.session)
  }, [data])

  const failureReason = result.failureReason
  useEffect(() => {
    if (failureReason) latest.current.options.onError?.(failureReason)
  }, [failureReason])

  // Reading isStale subscribes this component to TanStack's stale timer (set at the deadline).
  void result.isStale
  const state = deriveSessionState({
    data,
    error: result.error,
    failureReason: result.failureReason,
    failureCount: result.failureCount,
    isFetching: result.isFetching,
    enabled,
    now: now(),
  })
  return {
    ...actions,
    failureCount: result.failureCount,
    failureReason: result.failureReason,
    refreshAt: data?.state === 'issued' ? data.timing.refreshAt : undefined,
    ...state,
  }
}
