import type { GetRequestUser } from './chatKitFetchHandler.ts'
import type { GetUser } from './readUser.ts'

/** The part of Next.js `cookies()` (or any cookie store) a visitor cookie uses. */
export interface VisitorCookieStore {
  get: (name: string) => { value: string } | undefined
  set: (
    name: string,
    value: string,
    options: { httpOnly: boolean; secure: boolean; sameSite: 'lax'; path: string; maxAge: number },
  ) => unknown
}

/** Options of {@link createVisitorCookie}. */
export interface VisitorCookieOptions {
  /**
   * The key that signs the cookie (HMAC-SHA256): a string or bytes, at least 32 bytes, the same
   * on every instance, used for nothing else.
   */
  secret: string | Uint8Array
  /**
   * The cookie's name.
   * @default 'chatkit_visitor'
   */
  name?: string
  /**
   * How long a visitor id is valid after it was issued, in seconds; also the cookie's `Max-Age`.
   * @default 2592000 (30 days)
   */
  maxAgeSeconds?: number
  /**
   * Whether the cookie is sent over HTTPS only. Turn it off only for `http://localhost`.
   * @default true
   */
  secure?: boolean
  /**
   * The clock, in milliseconds.
   * @default Date.now
   */
  now?: () => number
}

/** A signed anonymous visitor cookie, and the `getUser` functions built on it. */
export interface VisitorCookie {
  /** `getUser` for the Fetch handlers: reads the request's cookie, or sets a new one on the answer. */
  fromRequest: GetRequestUser
  /** `getUser` for server actions: pass Next.js `cookies` (`import { cookies } from 'next/headers'`). */
  fromCookies: (cookies: () => VisitorCookieStore | Promise<VisitorCookieStore>) => GetUser
  /** The visitor id in a cookie value, or `null` when it is missing, forged, too old or from the future. */
  read: (value: string | undefined) => Promise<string | null>
  /** A new visitor id and the cookie value that carries it. */
  issue: () => Promise<{ visitorId: string; value: string }>
}

const MIN_SECRET_BYTES = 32
const CLOCK_TOLERANCE_SECONDS = 60
const VALUE = /^(v_[A-Za-z0-9_-]{22})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/

function base64url(bytes: Uint8Array): string {
  let text = ''
  for (const byte of bytes) text += String.fromCharCode(byte)
  return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=')
    if (at !== -1 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim()
  }
  return undefined
}

/**
 * A `getUser` for anonymous apps: an HttpOnly cookie holding a random visitor id and its issue
 * time, signed with a server key, so the browser can neither read, choose nor extend it. A
 * missing or invalid cookie gets a new id. A visitor id is a convenience key, not proof of a
 * person: clearing cookies gives a new one, so the IP and global tiers of `limits` are the real
 * boundary. Runs on Node and edge runtimes (WebCrypto).
 *
 * @example
 * const visitor = createVisitorCookie({ secret: process.env.VISITOR_COOKIE_SECRET ?? '' })
 * const handler = createChatKitSessionHandler({ client, workflow, getUser: visitor.fromRequest })
 */
export function createVisitorCookie(options: VisitorCookieOptions): VisitorCookie {
  const {
    name = 'chatkit_visitor',
    maxAgeSeconds = 60 * 60 * 24 * 30,
    secure = true,
    now = Date.now,
  } = options
  const secret: unknown =
    typeof options.secret === 'string' ? new TextEncoder().encode(options.secret) : options.secret
  if (!(secret instanceof Uint8Array) || secret.byteLength < MIN_SECRET_BYTES) {
    throw new TypeError(`secret: must be at least ${MIN_SECRET_BYTES} bytes`)
  }
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new TypeError('name: must be letters, digits, _ or -')
  if (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds < 1) {
    throw new TypeError('maxAgeSeconds: must be a whole number of seconds, at least 1')
  }
  const key = globalThis.crypto.subtle.importKey(
    'raw',
    new Uint8Array(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  )
  const sign = async (payload: string) =>
    base64url(
      new Uint8Array(
        await globalThis.crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(payload)),
      ),
    )
  const nowSeconds = () => Math.floor(now() / 1000)

  const issue = async () => {
    const id = new Uint8Array(16)
    globalThis.crypto.getRandomValues(id)
    const visitorId = `v_${base64url(id)}`
    const payload = `${visitorId}.${nowSeconds()}`
    return { visitorId, value: `${payload}.${await sign(payload)}` }
  }

  const read = async (value: string | undefined) => {
    const match = VALUE.exec(value ?? '')
    if (match === null) return null
    const [, visitorId = '', issuedAt = '', signature = ''] = match
    const expected = await sign(`${visitorId}.${issuedAt}`)
    // Compared in full, not stopping at the first difference.
    let difference = 0
    for (let i = 0; i < expected.length; i += 1)
      difference |= expected.charCodeAt(i) ^ signature.charCodeAt(i)
    if (difference !== 0) return null
    const age = nowSeconds() - Number(issuedAt)
    return age <= maxAgeSeconds && age >= -CLOCK_TOLERANCE_SECONDS ? visitorId : null
  }

  const attributes = { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: maxAgeSeconds } as const

  const fromRequest: GetRequestUser = async (request, responseHeaders) => {
    const known = await read(readCookie(request.headers.get('cookie'), name))
    if (known !== null) return known
    const fresh = await issue()
    responseHeaders.append(
      'set-cookie',
      `${name}=${fresh.value}; Max-Age=${maxAgeSeconds}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`,
    )
    return fresh.visitorId
  }

  const fromCookies =
    (cookies: () => VisitorCookieStore | Promise<VisitorCookieStore>): GetUser =>
    async () => {
      const store = await cookies()
      const known = await read(store.get(name)?.value)
      if (known !== null) return known
      const fresh = await issue()
      store.set(name, fresh.value, attributes)
      return fresh.visitorId
    }

  return { fromRequest, fromCookies, read, issue }
}
