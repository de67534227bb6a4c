/**
 * The token of an `Authorization: Bearer <token>` header, or `undefined` when there is none.
 *
 * @internal Shared by `@chatkit-session/chatkit-server`'s handler and `@chatkit-session/testing`'s
 * fakes; not part of the public API.
 */
export function bearerToken(request: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')
  return match?.[1]
}
