/**
 * Whether a request may reach a ChatKit endpoint. An `Origin` header (every browser sends one on
 * a `POST`) must be the request URL's own origin or in `allowedOrigins`; `Origin: null` (a
 * sandboxed frame, a cross-site redirect) is refused. Without one, `Sec-Fetch-Site` must be
 * `same-origin` when present. With neither, the caller is not a browser (curl, a server) and
 * cannot ride on a visitor's cookies, so it passes: `getUser` still decides who it is.
 *
 * A server action gets this check from Next.js; a route handler, Hono or a Worker gets none, so
 * without it a page on another site could make the visitor's browser mint a session for them.
 *
 * @internal Shared by the Fetch handlers of `@chatkit-session/server` and
 * `@chatkit-session/chatkit-server`; not part of the public API.
 */
export function isAllowedOrigin(request: Request, allowedOrigins: ReadonlySet<string>): boolean {
  const origin = request.headers.get('origin')
  if (origin !== null) return origin === new URL(request.url).origin || allowedOrigins.has(origin)
  const site = request.headers.get('sec-fetch-site')
  return site === null || site === 'same-origin'
}
