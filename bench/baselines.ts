import { readSessionResult, type ChatKitSessionError, type SessionActionResult } from '@chatkit-session/core'

type Action = () => Promise<SessionActionResult>

function secretOf(result: SessionActionResult): string {
  const session = readSessionResult(result)
  if (session instanceof Error) throw session as ChatKitSessionError
  return session.client_secret
}

/**
 * What OpenAI's starter app does: every `getClientSecret` call asks the server for a new
 * session. No cache, no expiry tracking, no dedupe.
 */
export function naiveGetClientSecret(action: Action) {
  return async (_current: string | null): Promise<string> => secretOf(await action())
}

/**
 * The common variant: hand back the secret it already has, so it never renews and the secret
 * dies after its lifetime.
 */
export function neverRefreshGetClientSecret(action: Action) {
  let current: string | undefined
  return async (_current: string | null): Promise<string> => {
    current ??= secretOf(await action())
    return current
  }
}
