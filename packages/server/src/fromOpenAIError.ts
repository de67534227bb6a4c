import {
  ChatKitSessionError,
  errorCodeFromStatus,
  isRecord,
  readRetryAfterMs,
  type ChatKitSessionErrorCode,
} from '@chatkit-session/core'
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai'
import type { ChatKitAction, UpstreamError } from './chatKitErrorContext.ts'

const MESSAGES: Record<ChatKitSessionErrorCode, string> = {
  unauthorized: 'The ChatKit API rejected the server API key',
  forbidden: 'The server API key may not create ChatKit sessions for this workflow',
  not_found: 'The ChatKit API found no such session or workflow',
  bad_request: 'The ChatKit API refused the session parameters',
  rate_limited: 'The ChatKit API rate limit was reached',
  server_error: 'The ChatKit API failed',
  invalid_response: 'The ChatKit API answered something that is not a session',
  network: 'The ChatKit API could not be reached',
  timeout: 'The ChatKit API did not answer in time',
  expired: 'The session had expired',
  cancelled: 'The session was cancelled',
  unsupported: 'The server cannot create ChatKit sessions with its dependencies',
  workflow_unavailable:
    'The ChatKit workflow is not available: unknown, retired, or in another project than the API key',
  widget_unavailable: 'The ChatKit web component did not load',
}

// Only identifiers go into a message: a field name, never a value.
const SAFE_PARAM = /^[\w.[\]-]{1,128}$/

/**
 * Whether a create failed because of its workflow: a 404 (the only thing a create names), or an
 * answer about `workflow` (its `param` or `code`), as an unknown, retired or other-project
 * workflow gets.
 */
function isWorkflowRefusal(error: APIError, status: number): boolean {
  if (status === 404 || status === 410) return true
  return (
    status < 500 &&
    [error.param, error.code].some((field) => typeof field === 'string' && field.includes('workflow'))
  )
}

function fromStatus(
  error: APIError,
  status: number,
  now: number,
  action: ChatKitAction | undefined,
): ChatKitSessionError {
  const code =
    action === 'create' && isWorkflowRefusal(error, status)
      ? 'workflow_unavailable'
      : (errorCodeFromStatus(status) ?? 'server_error')
  const details = [`HTTP ${status}`]
  if (typeof error.param === 'string' && SAFE_PARAM.test(error.param)) details.push(`param ${error.param}`)
  if (typeof error.requestID === 'string' && SAFE_PARAM.test(error.requestID)) {
    details.push(`request ${error.requestID}`)
  }
  const retryAfterMs =
    code === 'rate_limited' || code === 'server_error' ? readRetryAfterMs(error.headers, now) : undefined
  return new ChatKitSessionError(code, `${MESSAGES[code]} (${details.join(', ')}).`, { retryAfterMs })
}

/**
 * Maps what the `openai` SDK threw to a {@link ChatKitSessionError}: `APIError`s by HTTP status
 * (`errorCodeFromStatus`, with `retryAfterMs` from `retry-after-ms` / `retry-after`; with
 * `action: 'create'`, a refusal of its workflow is `workflow_unavailable`),
 * connection failures and timeouts to `network`, anything else to `server_error`. The message
 * is ours, never the SDK's (which can quote a response body), and no cause is attached, so
 * logging the error cannot leak a key or a secret.
 */
export function fromOpenAIError(error: unknown, now: number, action?: ChatKitAction): ChatKitSessionError {
  if (error instanceof APIConnectionTimeoutError) {
    return new ChatKitSessionError('network', 'The ChatKit API did not answer in time.')
  }
  if (error instanceof APIConnectionError || error instanceof APIUserAbortError) {
    return new ChatKitSessionError('network', `${MESSAGES.network}.`)
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    return fromStatus(error, error.status, now, action)
  }
  if (error instanceof SyntaxError) {
    return new ChatKitSessionError('server_error', 'The ChatKit API answered with a body that is not JSON.')
  }
  return new ChatKitSessionError('server_error', 'The ChatKit session request failed.')
}

// An API key, client secret or token as the API or our own code could quote one.
const SECRET_LIKE = /\b(?:sk|ek|rk|ckt|sess)[-_][\w*.-]{4,}/g
/** Longest upstream message kept, in characters. */
const MAX_UPSTREAM_MESSAGE = 500

/**
 * What the API said about a failure, as it said it, for server logs: its request id, HTTP status,
 * error type, code and message. Anything shaped like a key or a secret in the message is masked
 * and the message is cut at 500 characters; `undefined` when the failure did not come from the
 * API (a connection error, a bad answer).
 */
export function readUpstreamError(error: unknown): UpstreamError | undefined {
  if (!(error instanceof APIError) || typeof error.status !== 'number') return undefined
  const body = isRecord(error.error) ? error.error : {}
  const message = typeof body.message === 'string' ? body.message : undefined
  return {
    status: error.status,
    requestId: typeof error.requestID === 'string' ? error.requestID : undefined,
    type: typeof error.type === 'string' ? error.type : undefined,
    code: typeof error.code === 'string' ? error.code : undefined,
    message: message?.replace(SECRET_LIKE, '[redacted]').slice(0, MAX_UPSTREAM_MESSAGE),
  }
}
