/**
 * Every {@link ChatKitSessionErrorCode}, in one list: the type is derived from it, and
 * `readSessionResult` accepts exactly these codes from an action.
 */
export const CHATKIT_SESSION_ERROR_CODES = [
  'invalid_response',
  'unauthorized',
  'forbidden',
  'not_found',
  'bad_request',
  'rate_limited',
  'server_error',
  'network',
  'timeout',
  'expired',
  'cancelled',
  'unsupported',
  'workflow_unavailable',
  'widget_unavailable',
] as const

/**
 * Why getting or keeping a session failed.
 *
 * - `invalid_response`: the action answered something that is not a session.
 * - `unauthorized` / `forbidden`: no signed-in user, or a bad API key (401 / 403).
 * - `not_found`: unknown session or workflow (404).
 * - `bad_request`: parameters the API (or our schema) refused (400 / 422).
 * - `rate_limited`: too many requests (429); see `retryAfterMs`.
 * - `server_error`: the API failed (5xx).
 * - `network`: the request never got an answer.
 * - `timeout`: no valid secret could be had within the time a caller was willing to wait.
 * - `expired`: the session was already past its expiry when it arrived.
 * - `cancelled`: the session was cancelled; call `restart()` for a new one.
 * - `unsupported`: the server's dependencies cannot do this, for example an `openai` SDK older
 *   than 6.2.0 (no `beta.chatkit`). A deploy fixes it, a retry cannot.
 * - `workflow_unavailable`: the API cannot serve the workflow: unknown, retired (Agent Builder's
 *   hosted workflows shut down on 2026-11-30), or in another project than the API key.
 * - `widget_unavailable`: ChatKit's web component never got defined (its script did not load).
 */
export type ChatKitSessionErrorCode = (typeof CHATKIT_SESSION_ERROR_CODES)[number]

const RETRYABLE_CODES: ReadonlySet<ChatKitSessionErrorCode> = new Set([
  'rate_limited',
  'server_error',
  'network',
  'timeout',
  'expired',
])

/** Options for {@link ChatKitSessionError}. */
export interface ChatKitSessionErrorOptions {
  /**
   * Whether trying again later can succeed.
   * @default true for `rate_limited`, `server_error`, `network`, `timeout` and `expired`; false otherwise
   */
  retryable?: boolean
  /** How long the server asked us to wait before trying again, in milliseconds. */
  retryAfterMs?: number
  /** The underlying error. Must not carry a secret in its message. */
  cause?: unknown
}

/**
 * The one error type of the library: a code to branch on, whether a retry can help, and a
 * message that never contains an API key or a client secret.
 *
 * @example
 * if (error.code === 'unauthorized') redirect('/login')
 */
export class ChatKitSessionError extends Error {
  override readonly name = 'ChatKitSessionError'
  /** What went wrong, as a stable code. */
  readonly code: ChatKitSessionErrorCode
  /** Whether trying again later can succeed. */
  readonly retryable: boolean
  /** How long the server asked us to wait before trying again, in milliseconds. */
  readonly retryAfterMs: number | undefined

  constructor(code: ChatKitSessionErrorCode, message: string, options: ChatKitSessionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.retryable = options.retryable ?? RETRYABLE_CODES.has(code)
    this.retryAfterMs = options.retryAfterMs
  }
}

/** Whether `value` is a {@link ChatKitSessionError} (also across bundle copies). */
export function isChatKitSessionError(value: unknown): value is ChatKitSessionError {
  return (
    value instanceof ChatKitSessionError ||
    (value instanceof Error && value.name === 'ChatKitSessionError' && 'code' in value)
  )
}

/** The error code for an HTTP status from the ChatKit API, or `undefined` for a success. */
export function errorCodeFromStatus(status: number): ChatKitSessionErrorCode | undefined {
  if (status < 400) return undefined
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not_found'
  if (status === 429) return 'rate_limited'
  if (status >= 500) return 'server_error'
  return 'bad_request'
}

/**
 * Wraps anything thrown by a session action into a {@link ChatKitSessionError}. An error
 * that is not ours becomes `network` when it looks like a failed fetch, else
 * `server_error`; its message is not copied (it could hold a secret), only kept as `cause`.
 */
export function toChatKitSessionError(value: unknown): ChatKitSessionError {
  if (isChatKitSessionError(value)) return value
  if (
    value instanceof TypeError ||
    (value instanceof Error && /fetch|network|ECONN|socket/i.test(value.message))
  ) {
    return new ChatKitSessionError('network', 'The session request did not reach the server.', {
      cause: value,
    })
  }
  return new ChatKitSessionError('server_error', 'The session action failed.', { cause: value })
}
