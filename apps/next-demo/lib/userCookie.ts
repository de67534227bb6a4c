import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'

/**
 * The demo's stand-in for real auth: an HttpOnly cookie holding a random user id, signed with
 * a server-side key so the browser can neither read nor choose it.
 */
export const USER_COOKIE = 'chatkit_demo_user'

const KEY = Symbol.for('chatkit-session.next-demo.cookie-key')

/** `DEMO_COOKIE_SECRET`, else a random key for this process (users change on restart). */
function signingKey(): string {
  const fromEnv = process.env.DEMO_COOKIE_SECRET
  if (fromEnv) return fromEnv
  const store = globalThis as typeof globalThis & { [KEY]?: string }
  store[KEY] ??= randomBytes(32).toString('base64url')
  return store[KEY]
}

function sign(userId: string): string {
  return createHmac('sha256', signingKey()).update(userId).digest('base64url')
}

/** A new user id and the cookie value that carries it. */
export function issueUserCookie(): { userId: string; value: string } {
  const userId = `user_${randomUUID().replaceAll('-', '').slice(0, 16)}`
  return { userId, value: `${userId}.${sign(userId)}` }
}

/** The user id in a cookie value, or `null` when it is missing or was not signed by us. */
export function readUserCookie(value: string | undefined): string | null {
  const dot = value?.lastIndexOf('.') ?? -1
  if (value === undefined || dot <= 0) return null
  const userId = value.slice(0, dot)
  const given = Buffer.from(value.slice(dot + 1))
  const expected = Buffer.from(sign(userId))
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null
}
