/**
 * The answer to a CORS preflight (`OPTIONS` with an `Origin` in `allowedOrigins`): 204 allowing
 * `POST` with `allowHeaders` (by default, the headers the browser asks for), cached ten minutes.
 * `undefined` for any other request, which the handler then checks as usual.
 *
 * @internal Shared by the Fetch handlers; not part of the public API.
 */
export function answerPreflight(
  request: Request,
  allowedOrigins: ReadonlySet<string>,
  allowHeaders?: string,
): Response | undefined {
  const origin = request.headers.get('origin')
  if (request.method !== 'OPTIONS' || origin === null || !allowedOrigins.has(origin)) return undefined
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers':
        allowHeaders ?? request.headers.get('access-control-request-headers') ?? 'content-type',
      'access-control-max-age': '600',
      'cache-control': 'no-store',
      vary: 'Origin',
    },
  })
}

/**
 * Adds the CORS headers of an answer to a request from one of `allowedOrigins` (and `Vary:
 * Origin` to every answer, since the headers depend on it).
 *
 * @internal Shared by the Fetch handlers; not part of the public API.
 */
export function setCorsHeaders(
  headers: Headers,
  request: Request,
  allowedOrigins: ReadonlySet<string>,
): void {
  const origin = request.headers.get('origin')
  if (origin !== null && allowedOrigins.has(origin)) {
    headers.set('access-control-allow-origin', origin)
    headers.set('access-control-allow-credentials', 'true')
  }
  headers.append('vary', 'Origin')
}
