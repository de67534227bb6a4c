import { base64url } from 'jose'
import type { ChatKitTokenActionResult } from '../createChatKitTokenAction.ts'

/** 40 bytes: long enough for HS256, and easy to spot in a leak check. */
export const SECRET = 'chatkit-token-secret-LEAKCHECK-7c1e9a3f5b'
export const OTHER_SECRET = 'another-secret-of-forty-bytes-2d8b6f0a4e'
export const AUDIENCE = 'https://chatkit.example.com'

/** 2030-01-01T00:00:00.250Z: a clock with milliseconds, so `server_time` keeps them. */
export const NOW = Date.UTC(2030, 0, 1, 0, 0, 0, 250)
export const NOW_SECONDS = Math.floor(NOW / 1000)

/** The token of a successful result; throws with the error's code otherwise. */
export function tokenOf(result: ChatKitTokenActionResult): string {
  if (!result.ok) throw new Error(`expected a token, got ${result.error.code}`)
  return result.session.client_secret
}

/** The decoded header and claims of a compact JWT, unverified. */
export function decodeToken(token: string): {
  header: Record<string, unknown>
  claims: Record<string, unknown>
} {
  const [header = '', claims = ''] = token.split('.')
  const decode = (part: string) =>
    JSON.parse(new TextDecoder().decode(base64url.decode(part))) as Record<string, unknown>
  return { header: decode(header), claims: decode(claims) }
}

/** An unsigned token (`alg: none`) with the given claims, as an attacker would write one. */
export function unsecuredToken(claims: Record<string, unknown>, alg = 'none'): string {
  const encode = (value: object) => base64url.encode(JSON.stringify(value))
  return `${encode({ alg, typ: 'JWT' })}.${encode(claims)}.`
}
