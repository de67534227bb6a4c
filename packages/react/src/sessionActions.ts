import { ChatKitSessionError, readSessionResult, toChatKitSessionError } from '@chatkit-session/core'
import { hashKey, type QueryClient } from '@tanstack/react-query'
import { createAuthorizedFetch } from './createAuthorizedFetch.ts'
import { isBlocking, usableSecret, type SessionData } from './sessionData.ts'
import type { UseChatKitSessionOptions } from './types.ts'

/** What the actions read at call time: the hook's latest options, client and key. */
export interface SessionHandle<TInput> {
  options: UseChatKitSessionOptions<TInput>
  queryClient: QueryClient
  queryKey: readonly unknown[]
}

/** Which issued session a waiter accepts, at the clock reading `now`. */
type Accept = (data: Extract<SessionData, { state: 'issued' }>, now: number) => boolean

/**
 * The imperative side of the hook, stable for its whole life: every function reads the latest
 * options through `getLatest` and works on TanStack Query's cache, never on a copy of it.
 */
export function createSessionActions<TInput>(getLatest: () => SessionHandle<TInput>, now: () => number) {
  const refetch = () => {
    const { queryClient, queryKey } = getLatest()
    return queryClient.refetchQueries({ queryKey, exact: true, type: 'active' }, { cancelRefetch: false })
  }

  /**
   * Resolves with the secret of the first issued session `accept` takes, starting a fetch unless
   * one is on its way; rejects once the session is cancelled or stopped on a blocking error.
   */
  const waitForSecret = (accept: Accept): Promise<string> => {
    const { queryClient, queryKey } = getLatest()
    const cache = queryClient.getQueryCache()
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
        if (data?.state === 'issued' && accept(data, now())) {
          resolve(data.session.client_secret)
          return true
        }
        return false
      }
      if (settle()) return
      const unsubscribe = cache.subscribe((event) => {
        if (event.query.queryHash === hash && settle()) unsubscribe()
      })
      // Nothing acceptable: start a fetch unless one is already on its way.
      if (cache.find({ queryKey, exact: true })?.state.fetchStatus !== 'fetching') void refetch()
    })
  }

  /** The secret we hold, if `candidate` is it: a caller handing it back wants a newer one. */
  const heldSecret = (candidate: string | null): string | undefined => {
    const { queryClient, queryKey } = getLatest()
    const data = queryClient.getQueryData<SessionData>(queryKey)
    return candidate !== null && data?.state === 'issued' && data.session.client_secret === candidate
      ? candidate
      : undefined
  }

  const getClientSecret = (currentClientSecret: string | null): Promise<string> => {
    // ChatKit passes back the secret we gave it when it wants a new one.
    const exclude = heldSecret(currentClientSecret)
    return waitForSecret(
      (data, clock) => usableSecret(data, clock) !== undefined && data.session.client_secret !== exclude,
    )
  }

  const fetch = createAuthorizedFetch({
    // Fresh: before the refresh point, so a long request does not outlive its token.
    getToken: (rejected) => {
      const exclude = heldSecret(rejected ?? null)
      return waitForSecret(
        (data, clock) => clock < data.timing.refreshAt && data.session.client_secret !== exclude,
      )
    },
    refresh: () => void refetch(),
    baseFetch: () => getLatest().options.fetch ?? globalThis.fetch,
  })

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

  return { getClientSecret, fetch, refresh, cancel, restart }
}

/** A cancel action may answer `{ ok: false, error }`: surface it through onError. */
function readCancelOutcome(value: unknown): ChatKitSessionError | undefined {
  if (typeof value !== 'object' || value === null || !('ok' in value) || value.ok !== false) return undefined
  const result = readSessionResult(value)
  return result instanceof ChatKitSessionError ? result : undefined
}
