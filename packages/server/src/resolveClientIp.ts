import { normalizeClientIp } from './normalizeClientIp.ts'

/** The request headers, as a `Request`, Next.js `headers()` and Hono give them. */
export interface HeadersLike {
  get: (name: string) => string | null
}

/**
 * Platforms whose edge sets a client address header that callers cannot forge:
 * - `'vercel'`: `x-real-ip` (Vercel overwrites it, and `x-forwarded-for`, with the client's address);
 * - `'cloudflare'`: `cf-connecting-ip` (trust it only when the origin accepts nothing but Cloudflare);
 * - `'fly'`: `fly-client-ip`;
 * - `'netlify'`: `x-nf-client-connection-ip`.
 */
export type ClientIpPlatform = 'vercel' | 'cloudflare' | 'fly' | 'netlify'

const PLATFORM_HEADERS: Record<ClientIpPlatform, string> = {
  vercel: 'x-real-ip',
  cloudflare: 'cf-connecting-ip',
  fly: 'fly-client-ip',
  netlify: 'x-nf-client-connection-ip',
}

/**
 * Whose word on the client's address to trust. There is no default: without one the IP tier is
 * off, because every header a caller sends can be forged, and a guess (the leftmost
 * `X-Forwarded-For`, or a constant when it is missing) either lets a loop pick a new address per
 * call or puts every visitor in one bucket.
 * - `{ platform }`: the header that platform's edge sets (see {@link ClientIpPlatform});
 * - `{ proxyHops: n }`: `n` proxies you run append to `X-Forwarded-For`, so the client's address
 *   is the `n`-th entry from the right (1: the last one). Entries further left came from the caller;
 * - a function: your own reading, for example a socket address (`null` when unknown).
 */
export type ClientIpTrust =
  | { platform: ClientIpPlatform }
  | { proxyHops: number }
  | ((headers: HeadersLike, request: Request | undefined) => string | null | undefined)

/** Checks a trust setting when the action is created, so a typo fails at start-up. */
export function checkClientIpTrust(trust: unknown): void {
  if (typeof trust === 'function') return
  if (typeof trust === 'object' && trust !== null) {
    if ('platform' in trust && Object.hasOwn(PLATFORM_HEADERS, String(trust.platform))) return
    if ('proxyHops' in trust && Number.isInteger(trust.proxyHops) && Number(trust.proxyHops) >= 1) return
  }
  throw new TypeError(
    `clientIp: must be { platform: ${Object.keys(PLATFORM_HEADERS).join(' | ')} }, { proxyHops: n >= 1 } or a function`,
  )
}

/**
 * The client's address key (see `normalizeClientIp`: IPv6 by /64, IPv4-mapped as IPv4)
 * by the trust setting, or `undefined` when it cannot be read: then the IP tier is skipped for
 * this call, never filled with a constant.
 */
export function resolveClientIp(
  trust: ClientIpTrust,
  headers: HeadersLike,
  request: Request | undefined,
): string | undefined {
  let raw: string | null | undefined
  if (typeof trust === 'function') raw = trust(headers, request)
  else if ('platform' in trust) raw = headers.get(PLATFORM_HEADERS[trust.platform])
  else {
    const hops = (headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((hop) => hop.trim())
      .filter((hop) => hop !== '')
    raw = hops.length >= trust.proxyHops ? hops[hops.length - trust.proxyHops] : undefined
  }
  return typeof raw === 'string' ? normalizeClientIp(raw) : undefined
}
