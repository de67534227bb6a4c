import { ChatKitSessionError, errorCodeFromStatus, type ChatKitSessionErrorCode } from '@chatkit-session/core'
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai'

const MESSAGES: Record<ChatKitSessionErrorCode, string> = {
  unauthorized: 'The ChatKit API rejected the server API key',
  forbidden: 'The server API key may not create ChatKit sessions for this workflow',
  not_found: 'The ChatKit API found no such session or workflow',
  bad_request: 'The ChatKit API refused the session parameters',
  rate_limited: 'The ChatKit API rate limit was reached',
  server_error: 'The ChatKit API failed',
  invalid_response: 'The ChatKit API answered something that is not a session',
  network: 'The ChatKit API could not be reached',
  expired: 'The session had expired',
  cancelled: 'The session was cancelled',
  unsupported: 'The server cannot create ChatKit sessions with its dependencies',
}

// Only identifiers go into a message: a field name, never a value.
const SAFE_PARAM = /^[\w.[\]-]{1,128}$/

/** Milliseconds to wait from `retry-after-ms`, or `retry-after` (seconds or an HTTP date). */
export function readRetryAfterMs(headers: Headers | undefined, now: number): number | undefined {
  const milliseconds = Number.parseFloat(headers?.get('retry-after-ms') ?? '')
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds
  const retryAfter = headers?.get('retry-after')?.trim()
  if (!retryAfter) return undefined
  const seconds = Number(retryAfter)
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined
  const date = Date.parse(retryAfter)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

function fromStatus(error: APIError, status: number, now: number): ChatKitSessionError {
  const code = errorCodeFromStatus(status) ?? 'server_error'
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
 * (`errorCodeFromStatus`, with `retryAfterMs` from `retry-after-ms` / `retry-after`),
 * connection failures and timeouts to `network`, anything else to `server_error`. The message
 * is ours, never the SDK's (which can quote a response body), and no cause is attached, so
 * logging the error cannot leak a key or a secret.
 */
export function fromOpenAIError(error: unknown, now: number): ChatKitSessionError {
  if (error instanceof APIConnectionTimeoutError) {
    return new ChatKitSessionError('network', 'The ChatKit API did not answer in time.')
  }
  if (error instanceof APIConnectionError || error instanceof APIUserAbortError) {
    return new ChatKitSessionError('network', `${MESSAGES.network}.`)
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    return fromStatus(error, error.status, now)
  }
  if (error instanceof SyntaxError) {
    return new ChatKitSessionError('server_error', 'The ChatKit API answered with a body that is not JSON.')
  }
  return new ChatKitSessionError('server_error', 'The ChatKit session request failed.')
}
