import 'server-only'
import type { OnChatKitError } from '@chatkit-session/server'

/**
 * The demo's `onError` for every action: one line for the server's log with what the browser
 * never sees (the API's status, request id, code and message), and the library's hint.
 */
export const logChatKitError: OnChatKitError = (error, { action, user, upstream, hint }) => {
  const api = upstream
    ? ` (API: HTTP ${upstream.status}, request ${upstream.requestId ?? '?'}, ${upstream.code ?? upstream.type ?? '?'}: ${upstream.message ?? ''})`
    : ''
  console.warn(`[chatkit-session] ${action} failed for ${user ?? 'no user'}: ${error.code}${api}`)
  if (hint !== undefined) console.warn(`[chatkit-session] hint: ${hint}`)
}
