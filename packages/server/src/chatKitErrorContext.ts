import type { ChatKitSessionError, ChatKitSessionErrorCode } from '@chatkit-session/core'
import type { LimitTier } from './limitStore.ts'

/** Which action failed. */
export type ChatKitAction = 'create' | 'cancel' | 'token'

/** What the API said about a failure, as it said it: for server logs, never for the browser. */
export interface UpstreamError {
  status: number
  /** The API's `x-request-id`: quote it to OpenAI support. */
  requestId: string | undefined
  /** The API's error `type`, for example `invalid_request_error`. */
  type: string | undefined
  /** The API's error `code`, for example `workflow_not_found`. */
  code: string | undefined
  /** The API's message, keys and secrets masked, at most 500 characters. */
  message: string | undefined
}

/**
 * What `onError` receives beside the error. For server logs only: the browser gets the error's
 * code and message alone, and nothing here holds an API key or a secret.
 */
export interface ChatKitErrorContext {
  action: ChatKitAction
  /** The signed-in end user's id, once `getUser` answered with one. */
  user: string | undefined
  /** What the API said, when the failure came from it (see {@link UpstreamError}). */
  upstream: UpstreamError | undefined
  /** What to do about it, when the library knows (for example how to leave Agent Builder). */
  hint: string | undefined
  /**
   * For a `rate_limited` refusal of `limits`: the tier that refused (`'store'`: the limit store
   * failed with `onFailure: 'deny'`). The browser never learns it.
   */
  tier?: LimitTier | 'store'
}

/**
 * Called with every failure before the action returns it. Log here: the context has what the
 * browser never gets (the upstream request id, status and message).
 *
 * @example
 * onError: (error, { action, user, upstream, hint }) =>
 *   console.warn(`[chatkit] ${action} failed for ${user}: ${error.code}`, upstream, hint ?? '')
 */
export type OnChatKitError = (error: ChatKitSessionError, context: ChatKitErrorContext) => void

const HINTS: Partial<Record<ChatKitSessionErrorCode, string>> = {
  workflow_unavailable:
    "The workflow id is unknown, retired, or in another project than OPENAI_API_KEY's. Agent Builder's " +
    'hosted workflows shut down on 2026-11-30: move to a self-hosted ChatKit server, with ' +
    'createChatKitTokenAction on the server and useChatKitApi({ url, domainKey }) in the browser ' +
    '(see "Moving from hosted sessions to your own ChatKit server" in the README).',
  unauthorized:
    'No signed-in user (getUser answered nothing), or the API refused OPENAI_API_KEY: see upstream.',
  forbidden: 'The API key may not use this workflow: check that key and workflow are in one project.',
}

/** The hint for an error's code, if the library has one. */
export function hintFor(error: ChatKitSessionError): string | undefined {
  return HINTS[error.code]
}
