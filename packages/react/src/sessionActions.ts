import { ChatKitSessionError, readSessionResult, toChatKitSessionError } from '@chatkit-session/core'
import { hashKey, type QueryClient } from '@tanstack/react-query'
import { createAuthorizedFetch } from './createAuthorizedFetch.ts'
import { isBlocking, usableSecret, type SessionData } from './sessionData.ts'
import { startTimer } from './startTimer.ts'
import { DEFAULT_SECRET_TIMEOUT_MS, type UseChatKitSessionOptions } from './types.ts'

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
export function createSessionActions<TInput>(
  getLatest: () => SessionHandle<TInput>,
  now: () => number,
  pendingAttempt: () => number | undefined,
) {
  const find = ({ queryClient, queryKey }: SessionHandle<TInput> = getLatest()) => {
    return queryClient.getQueryCache().find<SessionData, ChatKitSessionError>({ queryKey, exact: true })
  }

  /**
   * Fetches now, deduped with a fetch in flight. TanStack pauses a retry while the document is
   * hidden or the browser offline, and only a mounted client resumes it, on visibility or
   * online events alone; refetching a paused query just hands back its paused promise. So a
   * paused retry is continued first (it runs if it can now): this query's only, since
   * `focusManager.onFocus()` would wake every query of an app's client. No extra request comes
   * of it: the session query has refetchOnReconnect off.
   */
  const refetch = () => {
    const { queryClient, queryKey } = getLatest()
    const query = find()
    if (query?.state.fetchStatus === 'paused') query.onOnline()
    return queryClient.refetchQueries({ queryKey, exact: true, type: 'active' }, { cancelRefetch: false })
  }

  /** The attempt that was waiting for an answer when the page last froze, if any. */
  let frozenAttempt: number | undefined

  /** The page is about to freeze (`freeze`, or `pagehide` into the back/forward cache). */
  const freeze = () => {
    frozenAttempt = pendingAttempt()
  }

  /**
   * Brings the session up to date after the page may have slept, been hidden, frozen or
   * offline: continues a paused retry, or starts a refresh that came due while timers could
   * not run.
   */
  const revalidate = () => {
    const query = find()
    if (query === undefined) return
    const { data, error, fetchStatus } = query.state
    const due = data?.state === 'issued' && now() >= data.timing.refreshAt && !isBlocking(error)
    if (fetchStatus === 'paused' || (fetchStatus === 'idle' && due)) void refetch()
  }

  /**
   * The page runs again after a freeze (`resume`, or a restore from the back/forward cache). A
   * request that was waiting for its answer when it froze may never get it, so that attempt,
   * and only that one, is started over (a retry's wait, and its `retry-after`, are left alone);
   * otherwise, as any wake-up.
   */
  const thaw = () => {
    const suspect = frozenAttempt
    frozenAttempt = undefined
    const query = find()
    if (query !== undefined && suspect !== undefined && suspect === pendingAttempt()) {
      void query.cancel({ revert: true }).then(refetch)
    } else {
      revalidate()
    }
  }

  /** Callers waiting for a secret: each one's reject, so an unmount can settle them. */
  const waiting = new Set<(error: ChatKitSessionError) => void>()

  /**
   * Resolves with the secret of the first issued session `accept` takes, starting a fetch unless
   * one is on its way; rejects once the session is cancelled or stopped on a blocking error, or
   * with `timeout` (the last failure as its cause) when nothing acceptable came within
   * `secretTimeoutMs`. Never pends longer than that.
   */
  const waitForSecret = (accept: Accept): Promise<string> => {
    const handle = getLatest()
    const timeoutMs = handle.options.secretTimeoutMs ?? DEFAULT_SECRET_TIMEOUT_MS
    const hash = hashKey(handle.queryKey)
    return new Promise<string>((resolve, reject) => {
      let unsubscribe = () => {}
      const stopTimer = startTimer(() => {
        const { state } = find(handle) ?? {}
        const cause = state?.fetchFailureReason ?? state?.error ?? undefined
        const last = cause ? ` (last failure: ${cause.code})` : ''
        fail(new ChatKitSessionError('timeout', `No client secret within ${timeoutMs} ms${last}.`, { cause }))
      }, timeoutMs)
      const finish = () => {
        unsubscribe()
        stopTimer()
        waiting.delete(fail)
      }
      const fail = (error: ChatKitSessionError) => {
        finish()
        reject(error)
      }
      const settle = (): boolean => {
        const query = find(handle)
        const data = query?.state.data
        if (data?.state === 'cancelled') {
          fail(
            new ChatKitSessionError('cancelled', 'The session was cancelled; call restart() for a new one.'),
          )
        } else if (query && isBlocking(query.state.error) && query.state.fetchStatus === 'idle') {
          fail(query.state.error)
        } else if (data?.state === 'issued' && accept(data, now())) {
          finish()
          resolve(data.session.client_secret)
        } else {
          return false
        }
        return true
      }
      if (settle()) return
      waiting.add(fail)
      unsubscribe = handle.queryClient.getQueryCache().subscribe((event) => {
        if (event.query.queryHash === hash) settle()
      })
      // Nothing acceptable: start a fetch unless one is running (a paused one is continued).
      if (find(handle)?.state.fetchStatus !== 'fetching') void refetch()
    })
  }

  /** Rejects every caller still waiting: the hook that could have answered them is gone. */
  const rejectWaiting = () => {
    const error = new ChatKitSessionError('cancelled', 'The session hook unmounted before a secret came.')
    for (const fail of [...waiting]) fail(error)
  }

  /** The secret we hold, if `candidate` is it: a caller handing it back wants a newer one. */
  const heldSecret = (candidate: string | null): string | undefined => {
    const data = find()?.state.data
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
    const data = find()?.state.data
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
    const handle = data?.session.cancel_handle
    try {
      const answer = await (handle === undefined
        ? options.cancelSession(id)
        : options.cancelSession(id, handle))
      const outcome = readCancelOutcome(answer)
      if (outcome) options.onError?.(outcome)
    } catch (error) {
      options.onError?.(toChatKitSessionError(error))
    }
  }

  const restart = async () => {
    const { queryClient, queryKey } = getLatest()
    await queryClient.resetQueries({ queryKey, exact: true })
  }

  return {
    actions: { getClientSecret, fetch, refresh, cancel, restart },
    freeze,
    thaw,
    revalidate,
    rejectWaiting,
  }
}

/** A cancel action may answer `{ ok: false, error }`: surface it through onError. */
function readCancelOutcome(value: unknown): ChatKitSessionError | undefined {
  if (typeof value !== 'object' || value === null || !('ok' in value) || value.ok !== false) return undefined
  const result = readSessionResult(value)
  return result instanceof ChatKitSessionError ? result : undefined
}
