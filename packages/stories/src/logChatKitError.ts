import type { OnChatKitError } from '@chatkit-session/server'

/**
 * Both demos' `onError` for every token and session handler or action: one line for the
 * server's log with what the browser never sees (the API's status, request id, code and
 * message), then the library's hint on a line of its own. It prints the error's code and the
 * API's answer, never a secret, a token or the request's body.
 */
export const logChatKitError: OnChatKitError = (error, { action, user, upstream, hint, tier }) => {
  const api = upstream
    ? ` (API: HTTP ${upstream.status}, request ${upstream.requestId ?? '?'}, ${upstream.code ?? upstream.type ?? '?'}: ${upstream.message ?? ''})`
    : ''
  // Which issuance limit refused: for this log only, never for the browser.
  const limit = tier === undefined ? '' : ` (limit tier: ${tier})`
  console.warn(`[chatkit-session] ${action} failed for ${user ?? 'no user'}: ${error.code}${api}${limit}`)
  if (hint !== undefined) console.warn(`[chatkit-session] hint: ${hint}`)
}
