/** What {@link createAuthorizedFetch} needs from the session. */
export interface AuthorizedFetchSource {
  /**
   * Resolves with a fresh token (before its refresh point), waiting for a new one if needed.
   * With `rejected`, a token the server just refused: resolve with a different one.
   */
  getToken: (rejected?: string) => Promise<string>
  /** Starts a refresh without waiting for it. */
  refresh: () => void
  /** The fetch to send through, read at call time. */
  baseFetch: () => typeof fetch
}

type FetchArgs = [input: RequestInfo | URL, init: RequestInit | undefined]

/**
 * A second copy of the request for one retry, or `undefined` when the body cannot be sent twice
 * (a `ReadableStream` body, or a `Request` whose body was already read). A `Request` with a body
 * is cloned before the first send, so its stream is teed, not consumed.
 */
function replayCopy(input: RequestInfo | URL, init: RequestInit | undefined): FetchArgs | undefined {
  const body = init?.body
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) return undefined
  if (typeof Request !== 'undefined' && input instanceof Request && body === undefined) {
    return input.bodyUsed ? undefined : [input.clone(), init]
  }
  return [input, init]
}

function withToken(token: string, [input, init]: FetchArgs): FetchArgs {
  const headers = new Headers(
    init?.headers ?? (typeof Request !== 'undefined' && input instanceof Request ? input.headers : undefined),
  )
  headers.set('Authorization', `Bearer ${token}`)
  return [input, { ...init, headers }]
}

/**
 * A `fetch` for ChatKit's self-hosted mode (`api: { url, domainKey, fetch }`): every request
 * carries `Authorization: Bearer <token>` with a token that is fresh when the request starts.
 * On a 401 it forces one refresh and retries the request exactly once with the new token. A
 * request whose body cannot be replayed (a stream) is not retried: its 401 response is returned
 * as is and a refresh starts, so the next request carries a new token.
 */
export function createAuthorizedFetch(source: AuthorizedFetchSource): typeof fetch {
  return async (input, init) => {
    const send = (args: FetchArgs) => source.baseFetch()(...args)
    const replay = replayCopy(input, init)
    const token = await source.getToken()
    const response = await send(withToken(token, [input, init]))
    if (response.status !== 401) return response
    if (replay === undefined) {
      source.refresh()
      return response
    }
    await response.body?.cancel()
    const fresh = await source.getToken(token)
    return send(withToken(fresh, replay))
  }
}
