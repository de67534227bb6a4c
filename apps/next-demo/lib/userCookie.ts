import { randomBytes } from 'node:crypto'
import { createVisitorCookie, type VisitorCookie } from '@chatkit-session/server/fetch'

/**
 * The demo's stand-in for real auth: the server package's signed visitor cookie
 * (`createVisitorCookie`), HttpOnly, holding a random id and the time it was issued, signed with
 * a server-side key so the browser can neither read, choose nor extend it.
 */
export const USER_COOKIE = 'chatkit_demo_user'

/** How long a user cookie is valid after it was issued, in seconds (30 days): also its `Max-Age`. */
export const USER_COOKIE_MAX_AGE_SECONDS = 60 * 60 * 24 * 30

/** Shortest `DEMO_COOKIE_SECRET`, in bytes: the size of the HMAC-SHA256 it keys. */
export const MIN_COOKIE_SECRET_BYTES = 32

const KEY = Symbol.for('chatkit-session.next-demo.cookie-key')
const visitors = new Map<string, VisitorCookie>()

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

/** The visitor cookie for the current key (one per key: tests change the environment). */
function visitor(): VisitorCookie {
  const secret = signingKey()
  let found = visitors.get(secret)
  if (found === undefined) {
    found = createVisitorCookie({
      secret,
      name: USER_COOKIE,
      maxAgeSeconds: USER_COOKIE_MAX_AGE_SECONDS,
      // Read at each call, so a test's fake clock applies.
      now: () => Date.now(),
    })
    visitors.set(secret, found)
  }
  return found
}

/** Throws when `DEMO_COOKIE_SECRET` is set but shorter than 32 bytes: for a check at start-up. */
export function checkCookieSecret(): void {
  signingKey()
}

/** A new user id and the cookie value that carries it: `v_….<issued at, Unix seconds>.<HMAC>`. */
export async function issueUserCookie(): Promise<{ userId: string; value: string }> {
  const { visitorId, value } = await visitor().issue()
  return { userId: visitorId, value }
}

/**
 * The user id in a cookie value, or `null` when it is missing, was not signed by us, was
 * issued more than {@link USER_COOKIE_MAX_AGE_SECONDS} ago, or in the future.
 */
export function readUserCookie(value: string | undefined): Promise<string | null> {
  return visitor().read(value)
}
