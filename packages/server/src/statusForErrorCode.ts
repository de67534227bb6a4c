import type { ChatKitSessionErrorCode } from '@chatkit-session/core'

/**
 * The HTTP status a Fetch handler answers a failure with. Each code the browser can tell from a
 * status alone maps back to itself through core's `errorCodeFromStatus` (401, 403, 404, 400,
 * 429, 5xx), so a fetcher that loses the body (a proxy's error page) still reads the right code;
 * the others share a status with a near code and travel in the JSON body.
 */
const STATUS: Record<ChatKitSessionErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  // The workflow is not there for this key: a 404, read back as `not_found` without the body.
  workflow_unavailable: 404,
  cancelled: 409,
  rate_limited: 429,
  // The API (upstream of this server) failed or answered something unusable: a bad gateway.
  server_error: 502,
  invalid_response: 502,
  network: 502,
  expired: 502,
  timeout: 504,
  // The server's own dependencies cannot do it (openai < 6.2.0): a deploy fixes it.
  unsupported: 501,
  widget_unavailable: 500,
}

/** The HTTP status for a failure's code (see the table above). */
export function statusForErrorCode(code: ChatKitSessionErrorCode): number {
  return STATUS[code]
}
