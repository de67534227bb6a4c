'use server'

import type { ChatKitSessionActionResult, ChatKitTokenActionResult } from '@chatkit-session/server'
import { getSelfHostedBackend } from '../lib/selfHostedBackend'
import { getSessionBackend } from '../lib/sessionBackend'

// A 'use server' file exports only async functions: the action bodies live in lib/sessionBackend.

/** Creates a ChatKit session for the signed-in user. Failures come back as values with a code. */
export async function createSession(): Promise<ChatKitSessionActionResult> {
  const { config, create } = getSessionBackend()
  if (config.workflowId === undefined) {
    return {
      ok: false,
      error: { code: 'bad_request', message: 'Set CHATKIT_WORKFLOW_ID to the workflow ChatKit should run.' },
    }
  }
  return create()
}

/**
 * Cancels one of the user's sessions by its id (`cksess_...`) and its `cancel_handle`, which
 * proves the signed-in user owns it: another user's id answers `forbidden`.
 */
export async function cancelSession(
  sessionId: string,
  cancelHandle?: string,
): Promise<ChatKitSessionActionResult> {
  return getSessionBackend().cancel(sessionId, cancelHandle)
}

/**
 * Signs a short-lived ChatKit token for the signed-in user (the self-hosted path): the browser
 * sends it as `Authorization: Bearer` to /api/chatkit.
 */
export async function createChatKitToken(): Promise<ChatKitTokenActionResult> {
  return getSelfHostedBackend().mint()
}
