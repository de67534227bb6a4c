import type { ChatKitTokenActionResult } from '@chatkit-session/server'

/** 40 bytes: long enough for HS256, and easy to spot in a leak check. */
export const SECRET = 'chatkit-token-secret-LEAKCHECK-7c1e9a3f5b'
export const OTHER_SECRET = 'another-secret-of-forty-bytes-2d8b6f0a4e'
export const AUDIENCE = 'https://chatkit.example.com'

/** The token of a successful result; throws with the error's code otherwise. */
export function tokenOf(result: ChatKitTokenActionResult): string {
  if (!result.ok) throw new Error(`expected a token, got ${result.error.code}`)
  return result.session.client_secret
}
