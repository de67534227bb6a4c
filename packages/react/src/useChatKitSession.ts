import {
  ChatKitSessionError,
  getRetryDelay,
  getSessionTiming,
  isChatKitSessionError,
  readSessionResult,
  toChatKitSessionError,
} from '@chatkit-session/core'
import {
  hashKey,
  QueryClient,
  QueryClientContext,
  useQuery,
  type Query,
  type QueryObserverOptions,
} from '@tanstack/react-query'
import { useContext, useEffect, useReducer, useRef, useState } from 'react'
import { sessionQueryKey, usableSecret, type SessionData } from './sessionData.ts'
import type { ChatKitStatus, UseChatKitSessionOptions, UseChatKitSessionResult } from './types.ts'

type SessionQuery = Query<SessionData, ChatKitSessionError, SessionData, readonly unknown[]>

/** Events after which the page may have slept or been hidden: re-check freshness at once. */
const WAKE_EVENTS = ['visibilitychange', 'focus', 'online', 'pageshow'] as const

/** A non-retryable failure stops automatic calls until refresh() or restart(). */
function isBlocking(error: unknown): error is ChatKitSessionError {
  return isChatKitSessionError(error) && !error.retryable
}

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

  const queryOptions: QueryObserverOptions<
    SessionData,
    ChatKitSessionError,
    SessionData,
    SessionData,
    readonly unknown[]
  > = {
    queryKey,
    queryFn: async () => {
      const { createSession, input, refreshMarginMs, random } = latest.current.options
      const requestedAt = now()
      let raw: unknown
      try {
        raw = await createSession(input)
      } catch (error) {
        throw toChatKitSessionError(error)
      }
      const receivedAt = now()
      const session = readSessionResult(raw)
      if (session instanceof ChatKitSessionError) throw session
      const timing = getSessionTiming(session, { requestedAt, receivedAt }, { refreshMarginMs, random })
      if (timing.deadline <= receivedAt || session.status === 'expired' || session.status === 'cancelled') {
        throw new ChatKitSessionError('expired', 'The new session had already expired when it arrived.')
      }
      return { state: 'issued', session, timing }
    },
    enabled: (query) => enabled && query.state.data?.state !== 'cancelled',
    retry: (_failureCount, error) => !isBlocking(error),
    retryDelay: (failureCount, error) => {
      const data = queryClient.getQueryData<SessionData>(queryKey)
      return getRetryDelay({
        failureCount: failureCount + 1, // TanStack counts from 0 before the first retry
        now: now(),
        deadline: data?.state === 'issued' ? data.timing.deadline : undefined,
        retryAfterMs: error.retryAfterMs,
        random: latest.current.options.random,
      })
    },
    // TanStack's interval is the one refresh timer: it fires at the session's refresh point.
    refetchInterval: (query: SessionQuery) => {
      const { data, error, fetchStatus } = query.state
      if (data?.state !== 'issued' || fetchStatus !== 'idle' || isBlocking(error)) return false
      return Math.max(1, data.timing.refreshAt - now())
    },
    refetchIntervalInBackground: true,
    // Stale at the deadline: TanStack's stale timer (which adds 1 ms) re-renders us when the secret dies.
    staleTime: (query: SessionQuery) => {
      const data = query.state.data
      if (data?.state !== 'issued') return 0
      return Math.max(0, Date.now() - query.state.dataUpdatedAt + data.timing.deadline - now() - 1)
    },
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    refetchOnMount: true,
    throwOnError: false,
  }

  const result = useQuery(queryOptions, queryClient)
  const [, rerender] = useReducer((tick: number) => tick + 1, 0)

  // Stable for the hook's whole life: ChatKit may keep the first function it was given.
  const [actions] = useState(() => createActions(() => latest.current, now))

  useEffect(() => {
    const revalidate = () => {
      const { queryClient: client, queryKey: key } = latest.current
      const query = client.getQueryCache().find<SessionData>({ queryKey: key, exact: true })
      const data = query?.state.data
      if (data?.state === 'issued' && now() >= data.timing.refreshAt && !isBlocking(query?.state.error)) {
        void client.refetchQueries({ queryKey: key, exact: true, type: 'active' }, { cancelRefetch: false })
      }
      rerender()
    }
    for (const event of WAKE_EVENTS) window.addEventListener(event, revalidate)
    return () => {
      for (const event of WAKE_EVENTS) window.removeEventListener(event, revalidate)
    }
  }, [])

  const data = result.data
  const session = data?.session
  useEffect(() => {
    if (data?.state === 'issued') latest.current.options.onSessionChange?.(data.session)
  }, [data])

  const failureReason = result.failureReason
  useEffect(() => {
    if (failureReason) latest.current.options.onError?.(failureReason)
  }, [failureReason])

  const clock = now()
  // Reading isStale subscribes this component to TanStack's stale timer (set at the deadline).
  void result.isStale
  const base = {
    ...actions,
    failureCount: result.failureCount,
    failureReason: result.failureReason,
  }
  const expiresAt = data?.timing?.deadline
  if (!enabled) {
    return {
      ...base,
      status: 'idle',
      session: undefined,
      clientSecret: undefined,
      expiresAt: undefined,
      error: null,
    }
  }
  if (data?.state === 'cancelled') {
    return { ...base, status: 'cancelled', session, clientSecret: undefined, expiresAt, error: null }
  }
  if (isBlocking(result.error)) {
    return { ...base, status: 'error', session, clientSecret: undefined, expiresAt, error: result.error }
  }
  if (data?.state !== 'issued') {
    const lastFailure = result.failureReason ?? result.error
    if (lastFailure) {
      return {
        ...base,
        status: 'error',
        session: undefined,
        clientSecret: undefined,
        expiresAt: undefined,
        error: lastFailure,
      }
    }
    return {
      ...base,
      status: 'loading',
      session: undefined,
      clientSecret: undefined,
      expiresAt: undefined,
      error: null,
    }
  }
  const secret = usableSecret(data, clock)
  if (secret === undefined) {
    return {
      ...base,
      status: 'expired',
      session: data.session,
      clientSecret: undefined,
      expiresAt: data.timing.deadline,
      error: result.failureReason,
    }
  }
  const status: ChatKitStatus = result.isFetching && result.failureCount === 0 ? 'refreshing' : 'active'
  return {
    ...base,
    status,
    session: data.session,
    clientSecret: secret,
    expiresAt: data.timing.deadline,
    error: null,
  }
}

interface Latest<TInput> {
  options: UseChatKitSessionOptions<TInput>
  queryClient: QueryClient
  queryKey: readonly unknown[]
}

function createActions<TInput>(getLatest: () => Latest<TInput>, now: () => number) {
  const refetch = () => {
    const { queryClient, queryKey } = getLatest()
    return queryClient.refetchQueries({ queryKey, exact: true, type: 'active' }, { cancelRefetch: false })
  }

  const getClientSecret = (currentClientSecret: string | null): Promise<string> => {
    const { queryClient, queryKey } = getLatest()
    const cache = queryClient.getQueryCache()
    // ChatKit passes back the secret we gave it when it wants a new one.
    const initial = queryClient.getQueryData<SessionData>(queryKey)
    const exclude =
      currentClientSecret !== null &&
      initial?.state === 'issued' &&
      initial.session.client_secret === currentClientSecret
        ? currentClientSecret
        : undefined

    const hash = hashKey(queryKey)
    return new Promise<string>((resolve, reject) => {
      const settle = (): boolean => {
        const query = cache.find<SessionData, ChatKitSessionError>({ queryKey, exact: true })
        const data = query?.state.data
        if (data?.state === 'cancelled') {
          reject(
            new ChatKitSessionError('cancelled', 'The session was cancelled; call restart() for a new one.'),
          )
          return true
        }
        if (query && isBlocking(query.state.error) && query.state.fetchStatus === 'idle') {
          reject(query.state.error)
          return true
        }
        const secret = usableSecret(data, now())
        if (secret !== undefined && secret !== exclude) {
          resolve(secret)
          return true
        }
        return false
      }
      if (settle()) return
      const unsubscribe = cache.subscribe((event) => {
        if (event.query.queryHash === hash && settle()) unsubscribe()
      })
      // Nothing usable: start a fetch unless one is already on its way.
      const query = cache.find({ queryKey, exact: true })
      if (query?.state.fetchStatus !== 'fetching') void refetch()
    })
  }

  const refresh = async () => {
    await refetch()
  }

  const cancel = async () => {
    const { queryClient, queryKey, options } = getLatest()
    const data = queryClient.getQueryData<SessionData>(queryKey)
    if (data?.state === 'cancelled') return
    // Mark first, then cancel the fetch: a refresh in flight must not bring the session back.
    void queryClient.cancelQueries({ queryKey, exact: true })
    queryClient.setQueryData<SessionData>(queryKey, {
      state: 'cancelled',
      session: data?.session,
      timing: data?.timing,
    })
    const id = data?.session.id
    if (id === undefined || options.cancelSession === undefined) return
    try {
      const outcome = readCancelOutcome(await options.cancelSession(id))
      if (outcome) options.onError?.(outcome)
    } catch (error) {
      options.onError?.(toChatKitSessionError(error))
    }
  }

  const restart = async () => {
    const { queryClient, queryKey } = getLatest()
    await queryClient.resetQueries({ queryKey, exact: true })
  }

  return { getClientSecret, refresh, cancel, restart }
}

/** A cancel action may answer `{ ok: false, error }`: surface it through onError. */
function readCancelOutcome(value: unknown): ChatKitSessionError | undefined {
  if (typeof value !== 'object' || value === null || !('ok' in value) || value.ok !== false) return undefined
  const result = readSessionResult(value)
  return result instanceof ChatKitSessionError ? result : undefined
}
