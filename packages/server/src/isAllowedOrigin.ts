/**
 * Whether a request may reach a ChatKit endpoint: it comes from the endpoint's own origin, from
 * one of `allowedOrigins`, or not from a browser at all.
 *
 * - With an `Origin` header (every browser sends one on a `POST`), that origin must be the
 *   request URL's own or one of `allowedOrigins`; `Origin: null` (a sandboxed frame, a
 *   redirect across sites) is refused.
 * - Without one, `Sec-Fetch-Site` must be `same-origin` when it is there.
 * - With neither, the caller is not a browser (curl, a server), so it cannot be riding on a
 *   signed-in visitor's cookies, and it passes: `getUser` still decides who it is.
 *
 * A server action gets this check from Next.js; a route handler, Hono or a Worker gets none,
 * so a page on another site could otherwise make the visitor's browser mint a session for them.
 */
export function isAllowedOrigin(request: Request, allowedOrigins: ReadonlySet<string>): boolean {
  const origin = request.headers.get('origin')
  if (origin !== null) return origin === new URL(request.url).origin || allowedOrigins.has(origin)
  const site = request.headers.get('sec-fetch-site')
  return site === null || site === 'same-origin'
}
