'use server'

import type { ChatKitSessionActionResult } from '@chatkit-session/server'
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

/** Cancels one of the user's sessions by its id (`cksess_...`). */
export async function cancelSession(sessionId: string): Promise<ChatKitSessionActionResult> {
  return getSessionBackend().cancel(sessionId)
}
