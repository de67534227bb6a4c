import { ChatKitSessionError, getRetryDelay, toChatKitSessionError } from '@chatkit-session/core'
import type { Query, QueryObserverOptions } from '@tanstack/react-query'
import { issueInitialSession, issueSession } from './issueSession.ts'
import type { SessionHandle } from './sessionActions.ts'
import { isBlocking, type SessionData } from './sessionData.ts'
import { startTimer } from './startTimer.ts'
import { DEFAULT_REQUEST_TIMEOUT_MS } from './types.ts'

type SessionQuery = Query<SessionData, ChatKitSessionError, SessionData, readonly unknown[]>

/** The session query's options, as `useQuery` takes them. */
export type SessionQueryOptions = QueryObserverOptions<
  SessionData,
  ChatKitSessionError,
  SessionData,
  SessionData,
  readonly unknown[]
>

/**
 * The session as a TanStack query: how a session is fetched, when it is refreshed (the interval
 * fires at the refresh point), when it goes stale (at the deadline), and how failures are
 * retried. Every option reads the hook's latest options through `getLatest` at call time.
 * Create it once per hook: it remembers that the `initialSession` was used, and which attempt
 * is waiting for an answer (`pendingAttempt`).
 */
export function createSessionQuery<TInput>(getLatest: () => SessionHandle<TInput>, now: () => number) {
  let initialSessionTaken = false
  let attempts = 0
  let pending: number | undefined

  const attempt = async (): Promise<SessionData> => {
    const { createSession, input, refreshMarginMs, random, initialSession, requestTimeoutMs } =
      getLatest().options
    const timingOptions = { refreshMarginMs, random }
    // One attempt, one budget: the wait for a prefetched session and the call after it share it.
    const timeoutMs = requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
    const deadline = now() + timeoutMs
    // The first fetch takes a session the server created while it rendered the page, if it is
    // still fresh (see issueInitialSession).
    if (initialSession !== undefined && !initialSessionTaken) {
      initialSessionTaken = true
      const prefetched = await issueInitialSession(withTimeout(initialSession, timeoutMs), now, timingOptions)
      if (prefetched !== undefined) return prefetched
    }
    const requestedAt = now()
    // A prefetch that never came used up the budget: fail now, and retry on the backoff.
    if (requestedAt >= deadline) throw timedOut(timeoutMs)
    let raw: unknown
    try {
      raw = await withTimeout(createSession(input), deadline - requestedAt, timeoutMs)
    } catch (error) {
      throw toChatKitSessionError(error)
    }
    const issued = issueSession(raw, { requestedAt, receivedAt: now() }, timingOptions)
    if (issued instanceof ChatKitSessionError) throw issued
    return issued
  }

  const queryFn = async (): Promise<SessionData> => {
    const id = (attempts += 1)
    pending = id
    try {
      return await attempt()
    } finally {
      if (pending === id) pending = undefined
    }
  }

  /** The attempt now waiting for `createSession` (or the prefetch), if any: not a retry's wait. */
  const pendingAttempt = () => pending

  const options = (queryKey: readonly unknown[], enabled: boolean): SessionQueryOptions => ({
    queryKey,
    queryFn,
    enabled: (query) => enabled && query.state.data?.state !== 'cancelled',
    retry: (_failureCount, error) => !isBlocking(error),
    retryDelay: (failureCount, error) => {
      const { queryClient, options } = getLatest()
      const data = queryClient.getQueryData<SessionData>(queryKey)
      return getRetryDelay({
        failureCount: failureCount + 1, // TanStack counts from 0 before the first retry
        now: now(),
        deadline: data?.state === 'issued' ? data.timing.deadline : undefined,
        retryAfterMs: error.retryAfterMs,
        random: options.random,
      })
    },
    // TanStack's interval is the one refresh timer: it fires at the session's refresh point.
    refetchInterval: (query: SessionQuery) => {
      const { data, error, fetchStatus } = query.state
      if (data?.state !== 'issued' || fetchStatus !== 'idle' || isBlocking(error)) return false
      return Math.max(1, data.timing.refreshAt - now())
    },
    refetchIntervalInBackground: true,
    // Stale at the deadline: TanStack's stale timer (which adds 1 ms) re-renders us when the
    // secret dies. It runs on Date.now, our clock may be offset: convert.
    staleTime: (query: SessionQuery) => {
      const data = query.state.data
      if (data?.state !== 'issued') return 0
      return Math.max(0, Date.now() - query.state.dataUpdatedAt + data.timing.deadline - now() - 1)
    },
    // Our own listeners decide when to wake up (see useChatKitSession); an app's client
    // defaults must not change that.
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    refetchOnMount: true,
    throwOnError: false,
  })

  return { options, pendingAttempt }
}

function timedOut(limitMs: number): ChatKitSessionError {
  return new ChatKitSessionError('timeout', `createSession did not answer within ${limitMs} ms.`)
}

/**
 * `value`, or a retryable `timeout` failure once `ms` pass without it settling (`limitMs`, the
 * attempt's whole budget, is what the message names).
 */
function withTimeout<T>(value: PromiseLike<T> | T, ms: number, limitMs = ms): Promise<T> {
  let stop = () => {}
  const expired = new Promise<never>((_, reject) => {
    stop = startTimer(() => reject(timedOut(limitMs)), ms)
  })
  return Promise.race([value, expired]).finally(() => stop())
}
