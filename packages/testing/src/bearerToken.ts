/** The token of an `Authorization: Bearer <token>` header, or `undefined` when there is none. */
export function bearerToken(request: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')
  return match?.[1]
}
