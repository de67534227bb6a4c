import type { ChatSession } from '@chatkit-session/core'
import type { EmulatorFaults } from './emulatorFaults.ts'

/** Options of `createChatKitEmulator` (and `startChatKitEmulator`). */
export interface ChatKitEmulatorOptions {
  /**
   * Lifetime of a session whose body has no `expires_after`, in whole seconds (1..600).
   * @default 600, as the API documents
   */
  lifetimeSeconds?: number
  /**
   * The emulator's clock, in milliseconds. Decides `expires_at`, when a session reports
   * `expired`, and the rate-limit window.
   * @default Date.now
   */
  now?: () => number
  /**
   * Source of randomness in [0, 1) for the `failRate` fault.
   * @default Math.random
   */
  random?: () => number
  /**
   * Limit on session requests (create and cancel) per API key; over it, the answer is 429
   * with a `retry-after` header in whole seconds.
   * @default undefined (no limit)
   */
  rateLimit?: { requestsPerMinute: number }
  /**
   * Delay before every API answer, in milliseconds. The `latencyMs` fault overrides it.
   * @default 0
   */
  latencyMs?: number
  /**
   * Faults on from the start; see {@link EmulatorFaults}.
   * @default {} (none)
   */
  faults?: Partial<EmulatorFaults>
  /**
   * API keys to accept; any other bearer token gets 401 `invalid_api_key`.
   * @default undefined (any non-empty bearer token is accepted)
   */
  apiKeys?: readonly string[]
  /**
   * The workflows the emulator serves. As the API does, an unlisted id gets 404
   * `workflow_not_found`, a `retired` one (Agent Builder's hosted workflows end on 2026-11-30)
   * 404 `workflow_retired`, and one outside the key's `project` (`apiKeyProjects`) 404
   * `workflow_not_found` naming the key's project.
   * @default undefined (any workflow id is served)
   */
  workflows?: Readonly<Record<string, { retired?: boolean; project?: string }>>
  /**
   * The project each API key belongs to, for `workflows`' `project`.
   * @default undefined (keys belong to no project: projects are not checked)
   */
  apiKeyProjects?: Readonly<Record<string, string>>
  /**
   * Serve the `/__emulator/*` control routes, so a test can switch faults in a process that
   * runs the emulator (for example a Next.js demo). Never turn it on in production.
   * @default false
   */
  control?: boolean
  /**
   * Called after every API request with what the `requests` log records.
   * @default undefined
   */
  onRequest?: (request: EmulatorRequest) => void
}

/** One API request the emulator answered. Holds neither the API key nor a secret. */
export interface EmulatorRequest {
  method: string
  path: string
  /** The status answered; 0 when the connection was dropped. */
  status: number
  /** The emulator's clock when the answer was ready, in milliseconds. */
  at: number
}

/** An in-process ChatKit API: the two session endpoints, their errors, and switchable faults. */
export interface ChatKitEmulator {
  /** The base URL to give the SDK along with {@link ChatKitEmulator.fetch}. */
  readonly baseURL: string
  /**
   * A `fetch` that answers in-process, with no socket: `new OpenAI({ apiKey, baseURL:
   * emulator.baseURL, fetch: emulator.fetch })`. A dropped connection rejects with a `TypeError`.
   */
  readonly fetch: typeof fetch
  /**
   * The one request handler both transports share. Rejects only for a dropped connection
   * (a `TypeError`) or when the request's signal aborts.
   */
  handle: (request: Request) => Promise<Response>
  /** Switches faults on or off; keys left out keep their value. Throws on an invalid value. */
  setFaults: (faults: Partial<EmulatorFaults>) => void
  clearFaults: () => void
  getFaults: () => EmulatorFaults
  /** Changes the default lifetime, in whole seconds (1..600), of sessions created from now on. */
  setLifetime: (seconds: number) => void
  /** The default lifetime, in seconds, of a new session. */
  getLifetime: () => number
  /** A session's current state, `status` computed on the emulator's clock; `undefined` if unknown. */
  getSession: (id: string) => ChatSession | undefined
  /** The sessions created so far, oldest first, with their status: the last `MAX_STORED_SESSIONS`. */
  listSessions: () => ChatSession[]
  /** The last `MAX_RECORDED_REQUESTS` API requests answered, oldest first (a live array). */
  readonly requests: readonly EmulatorRequest[]
  /**
   * Back to how the options built it: forgets sessions, requests and rate-limit windows, and
   * restores the `faults` and `lifetimeSeconds` options over whatever was set at run time.
   */
  reset: () => void
}
