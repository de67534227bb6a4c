import {
  ChatKitSessionError,
  errorCodeFromStatus,
  readRetryAfterMs,
  readSessionResult,
  type SessionActionResult,
} from '@chatkit-session/core'

/** How a fetcher talks to its endpoint. */
export interface SessionFetcherOptions {
  /**
   * Whether the browser sends cookies: `'same-origin'` for an endpoint on the page's origin,
   * `'include'` for one on another origin that allows it (its `allowedOrigins`), `'omit'` when
   * your auth travels in `headers` instead.
   * @default 'same-origin'
   */
  credentials?: RequestCredentials
  /**
   * Extra request headers (an `Authorization` header from your auth library, a CSRF token), or
   * a function that returns them at each call. `Content-Type: application/json` is always set.
   * @default undefined (no extra headers)
   */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>)
  /**
   * The fetch to send with, read at each call.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch
}

function failure(error: ChatKitSessionError, retryAfterMs = error.retryAfterMs): SessionActionResult {
  const { code, message } = error
  return {
    ok: false,
    error: retryAfterMs === undefined ? { code, message } : { code, message, retryAfterMs },
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * POSTs `body` as JSON to a session endpoint and reads the answer as the server action's
 * result would be read, so the hook cannot tell them apart:
 * - 2xx with `{ ok: true, session }` (or a raw session): the validated session; anything else
 *   that is not a session is `invalid_response`;
 * - an error status with `{ ok: false, error }` of a known code: that error, as sent (so
 *   `workflow_unavailable`, `unsupported` and `retryAfterMs` survive);
 * - an error status without one (a proxy's page, a bare 502): core's `errorCodeFromStatus`,
 *   with `retryAfterMs` from `Retry-After`;
 * - no answer (offline, DNS, CORS refused, the connection dropped): `network`.
 * Never throws; no message quotes what the endpoint sent.
 */
export async function postToSessionEndpoint(
  url: string | URL,
  body: unknown,
  options: SessionFetcherOptions,
): Promise<SessionActionResult> {
  const extra = typeof options.headers === 'function' ? await options.headers() : options.headers
  const headers = new Headers(extra)
  headers.set('content-type', 'application/json')
  headers.set('accept', 'application/json')
  let status: number
  let text: string
  let responseHeaders: Headers
  try {
    const response = await (options.fetch ?? globalThis.fetch)(url, {
      method: 'POST',
      credentials: options.credentials ?? 'same-origin',
      headers,
      body: JSON.stringify(body ?? {}),
      cache: 'no-store',
    })
    status = response.status
    responseHeaders = response.headers
    text = await response.text()
  } catch {
    return failure(new ChatKitSessionError('network', 'The session endpoint could not be reached.'))
  }
  const json = parseJson(text)
  const code = errorCodeFromStatus(status)
  if (code === undefined) {
    const read =
      json === undefined
        ? new ChatKitSessionError(
            'invalid_response',
            `The session endpoint answered HTTP ${status} without JSON.`,
          )
        : readSessionResult(json)
    return read instanceof ChatKitSessionError ? failure(read) : { ok: true, session: read }
  }
  const retryAfterMs = readRetryAfterMs(responseHeaders, Date.now())
  const sent = readSessionResult(json)
  if (sent instanceof ChatKitSessionError && sent.code !== 'invalid_response') {
    return failure(sent, sent.retryAfterMs ?? retryAfterMs)
  }
  return failure(
    new ChatKitSessionError(code, `The session endpoint answered HTTP ${status}.`, { retryAfterMs }),
  )
}
