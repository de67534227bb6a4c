import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'

/**
 * The demo's stand-in for real auth: an HttpOnly cookie holding a random user id and the time it
 * was issued, signed with a server-side key so the browser can neither read, choose nor extend
 * it.
 */
export const USER_COOKIE = 'chatkit_demo_user'

/** How long a user cookie is valid after it was issued, in seconds (30 days): also its `Max-Age`. */
export const USER_COOKIE_MAX_AGE_SECONDS = 60 * 60 * 24 * 30

/** Shortest `DEMO_COOKIE_SECRET`, in bytes: the size of the HMAC-SHA256 it keys. */
export const MIN_COOKIE_SECRET_BYTES = 32

/** Clock skew allowed on the issue time, in seconds (one server's clock against another's). */
const CLOCK_TOLERANCE_SECONDS = 60

const KEY = Symbol.for('chatkit-session.next-demo.cookie-key')

/** `DEMO_COOKIE_SECRET` (at least 32 bytes), else a random key for this process (users change on restart). */
function signingKey(): string {
  const fromEnv = process.env.DEMO_COOKIE_SECRET
  if (fromEnv) {
    const bytes = Buffer.byteLength(fromEnv)
    if (bytes < MIN_COOKIE_SECRET_BYTES) {
      throw new Error(
        `DEMO_COOKIE_SECRET must be at least ${MIN_COOKIE_SECRET_BYTES} bytes (got ${bytes}): ` +
          'generate one with `openssl rand -base64 32`',
      )
    }
    return fromEnv
  }
  const store = globalThis as typeof globalThis & { [KEY]?: string }
  store[KEY] ??= randomBytes(32).toString('base64url')
  return store[KEY]
}

/** Throws when `DEMO_COOKIE_SECRET` is set but shorter than 32 bytes: for a check at start-up. */
export function checkCookieSecret(): void {
  signingKey()
}

function sign(payload: string): string {
  return createHmac('sha256', signingKey()).update(payload).digest('base64url')
}

const nowSeconds = () => Math.floor(Date.now() / 1000)

/** A new user id and the cookie value that carries it: `user_….<issued at, Unix seconds>.<HMAC>`. */
export function issueUserCookie(): { userId: string; value: string } {
  const userId = `user_${randomUUID().replaceAll('-', '').slice(0, 16)}`
  const payload = `${userId}.${nowSeconds()}`
  return { userId, value: `${payload}.${sign(payload)}` }
}

/**
 * The user id in a cookie value, or `null` when it is missing, was not signed by us, was
 * issued more than {@link USER_COOKIE_MAX_AGE_SECONDS} ago, or in the future.
 */
export function readUserCookie(value: string | undefined): string | null {
  const match = /^(user_[0-9a-f]{16})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '')
  if (match === null) return null
  const [, userId = '', issuedAt = '', signature = ''] = match
  const given = Buffer.from(signature)
  const expected = Buffer.from(sign(`${userId}.${issuedAt}`))
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  const age = nowSeconds() - Number(issuedAt)
  return age <= USER_COOKIE_MAX_AGE_SECONDS && age >= -CLOCK_TOLERANCE_SECONDS ? userId : null
}
