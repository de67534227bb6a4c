import type { ChatKitSessionError, ClientSession, SessionActionResult } from '@chatkit-session/core'
import type { QueryClient } from '@tanstack/react-query'

/**
 * Where the session is in its life:
 * - `idle`: `enabled` is false; nothing is fetched.
 * - `loading`: the first session is on its way.
 * - `active`: a valid secret is available (failed refreshes may be retrying: see `failureCount`).
 * - `refreshing`: a valid secret is available and its successor is on its way.
 * - `expired`: the secret passed its deadline and no new one has arrived yet; retries go on.
 * - `cancelled`: `cancel()` ran; nothing is fetched until `restart()`.
 * - `error`: no secret can be had without help: a non-retryable error (`unauthorized`,
 *   `forbidden`, `bad_request`, `invalid_response`, ...) stopped automatic calls until
 *   `refresh()` or `restart()`, or the first session keeps failing (retries go on).
 */
export type ChatKitSessionStatus =
  'idle' | 'loading' | 'active' | 'refreshing' | 'expired' | 'cancelled' | 'error'

/**
 * Creates a session. A Next.js server action or any async function returning a
 * {@link SessionActionResult} (preferred: errors survive production builds) or a raw session.
 */
export type CreateSessionAction<TInput = undefined> = (
  input?: TInput,
) => Promise<ClientSession | SessionActionResult>

/**
 * A session the server created while it rendered the page: what a session action returns, or a
 * promise of it (a Server Component can pass the promise to a Client Component).
 */
export type InitialSession =
  ClientSession | SessionActionResult | PromiseLike<ClientSession | SessionActionResult>

/**
 * Cancels a session by its id (`cksess_...`, never the secret). The second argument is the
 * session's `cancel_handle`, passed when the session has one, so the server can check that the
 * signed-in user owns the session (`createChatKitCancelAction` requires it).
 */
export type CancelSessionAction = (sessionId: string, cancelHandle?: string) => Promise<unknown>

/**
 * How long `getClientSecret` and `fetch` wait for a valid secret before rejecting with
 * `timeout`, in milliseconds: a refresh normally answers in well under a second, and 30 s covers
 * the API's slow answers plus several retries on the backoff (1 s, 2 s, 4 s, ...), yet is short
 * enough that ChatKit shows its own error instead of a spinner that never ends.
 */
export const DEFAULT_SECRET_TIMEOUT_MS = 30_000

/**
 * How long one `createSession` call may take before it counts as a failed attempt, in
 * milliseconds: half the secret timeout, so a caller still waiting sees the retry.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000

/** Options of `useChatKitSession` and props of `<ChatKitProvider>`. */
export interface UseChatKitSessionOptions<TInput = undefined> {
  /** Creates a session on your server; called once per refresh, never per asker. */
  createSession: CreateSessionAction<TInput>
  /**
   * Cancels a session on your server when `cancel()` runs. Without it, `cancel()` only
   * forgets the session locally.
   */
  cancelSession?: CancelSessionAction
  /**
   * Argument passed to `createSession` (for example state variables your action allows).
   * Read at each call; changing it does not refetch: change `sessionKey` for that.
   */
  input?: TInput
  /**
   * Set to false to hold off (for example until the user signs in): status is `idle`.
   * @default true
   */
  enabled?: boolean
  /**
   * Tells sessions apart in the query cache, for example `[userId, workflowId]`: a new key
   * means a new session. Never put a secret in it: query keys are visible to devtools.
   * @default []
   */
  sessionKey?: readonly unknown[]
  /**
   * How long before the deadline to fetch the next session, in milliseconds (capped at half
   * the session's lifetime).
   * @default 10% of the lifetime, at most 60 000 (60 s for a 600 s session)
   */
  refreshMarginMs?: number
  /**
   * How long a `getClientSecret` or `fetch` call waits for a valid secret before it rejects
   * with a `ChatKitSessionError` whose code is `timeout` (its `cause` is the last failure, if
   * any). Retries go on in the background; the next call waits afresh.
   * @default 30000 (30 s)
   */
  secretTimeoutMs?: number
  /**
   * How long one attempt may take, in milliseconds, before it counts as failed with code
   * `timeout` and is retried on the usual backoff; a late answer is ignored. An attempt is one
   * `createSession` call (the first one also waits for `initialSession`, within the same
   * budget). A request that never settles (a proxy holding the connection) would otherwise
   * hold the session forever. `Infinity` turns the limit off.
   * @default 15000 (15 s)
   */
  requestTimeoutMs?: number
  /**
   * A session created on the server while it rendered this page (opt-in prefetch): the first
   * secret comes from it instead of a `createSession` round trip after hydration. Its deadline
   * is measured from the page's navigation start, which comes before the server created it,
   * so it is never later than the true expiry. Used once, by the first fetch; when it failed,
   * is not a session, or is already past its refresh point, `createSession` is called as
   * usual. The page that creates it must be dynamic and uncacheable (it is per user): see the
   * README. Never put it in a static or ISR page.
   * @default undefined (the first session comes from `createSession`)
   */
  initialSession?: InitialSession
  /** Called with each new validated session. Do not log `client_secret`. */
  onSessionChange?: (session: ClientSession) => void
  /** Called with each failure, including the ones that are retried. */
  onError?: (error: ChatKitSessionError) => void
  /**
   * The QueryClient to keep the session in.
   * @default the one from the nearest QueryClientProvider, else a private client
   */
  queryClient?: QueryClient
  /**
   * The fetch that the result's `fetch` sends through (self-hosted ChatKit servers), read at
   * call time.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch
  /**
   * Clock in milliseconds on Date.now's timeline (an offset is fine). For tests and stories.
   * @default Date.now
   */
  now?: () => number
  /**
   * Source of randomness in [0, 1) for refresh and retry jitter. For tests.
   * @default Math.random
   */
  random?: () => number
}

interface ResultBase {
  /**
   * Resolves with a secret that is valid when it resolves. ChatKit's contract:
   * `getClientSecret(null)` returns the current secret (or waits for the first);
   * `getClientSecret(current)` with the secret we hold forces a new one (deduped with a
   * refresh in flight); an older `current` gets ours without a request.
   *
   * It never pends forever. By status, a caller:
   * - `active` / `refreshing`: gets the valid secret at once (or the next one, when it handed
   *   back ours);
   * - `loading` / `expired`: waits for the next session; a retry that TanStack paused while
   *   the page was hidden or offline is continued as soon as the page can fetch again;
   * - `error` with retries going on: waits like `expired`;
   * - `error` on a non-retryable failure: rejects with that error at once;
   * - `cancelled`, or when the hook unmounts while it waits: rejects with `cancelled`;
   * - `idle` (`enabled: false`): waits until enabled.
   * Whatever the state, it rejects with `timeout` after `secretTimeoutMs` (30 s by default).
   * Same identity for the hook's whole life.
   */
  getClientSecret: (currentClientSecret: string | null) => Promise<string>
  /**
   * For ChatKit's self-hosted mode (`api: { url, domainKey, fetch }`): adds
   * `Authorization: Bearer <token>` with a token fresh at the request's start (waiting for a new
   * one at or past the refresh point); on a 401 forces one refresh and retries once. A streamed
   * body cannot be replayed: its 401 is returned as is and a refresh starts. Waits for a token
   * as `getClientSecret` does, so it rejects (with `timeout`, `cancelled` or the blocking error)
   * instead of pending forever. Same identity for the hook's whole life.
   */
  fetch: typeof fetch
  /** Fetches a new session now (deduped with one in flight). Never rejects: see `error`. No-op while cancelled. */
  refresh: () => Promise<void>
  /** Cancels the session (calls `cancelSession`), stops refreshing; `getClientSecret` rejects until `restart()`. */
  cancel: () => Promise<void>
  /** Forgets the current session and error, and creates a new session. */
  restart: () => Promise<void>
  /**
   * Local clock reading (ms) at which the next session is fetched, from the core model. Past it
   * while the status is still `active`, the refresh is late or failing.
   */
  refreshAt: number | undefined
  /** Failed attempts since the last success (retries go on for retryable errors). */
  failureCount: number
  /** The last failure since the last success, or null. */
  failureReason: ChatKitSessionError | null
}

/** What `useChatKitSession` returns; narrow on `status` to get `clientSession` and `clientSecret`. */
export type UseChatKitSessionResult = ResultBase &
  (
    | {
        status: 'idle' | 'loading'
        clientSession: undefined
        clientSecret: undefined
        expiresAt: undefined
        error: null
      }
    | {
        status: 'active' | 'refreshing'
        clientSession: ClientSession
        clientSecret: string
        expiresAt: number
        error: null
      }
    | {
        status: 'expired'
        clientSession: ClientSession
        clientSecret: undefined
        expiresAt: number
        error: ChatKitSessionError | null
      }
    | {
        status: 'cancelled'
        clientSession: ClientSession | undefined
        clientSecret: undefined
        expiresAt: number | undefined
        error: null
      }
    | {
        status: 'error'
        clientSession: ClientSession | undefined
        clientSecret: undefined
        expiresAt: number | undefined
        error: ChatKitSessionError
      }
  )
