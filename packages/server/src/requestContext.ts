import type { HeadersLike } from './resolveClientIp.ts'

/**
 * What an issuing action knows of the request that called it, per call: the Fetch handlers pass
 * the `Request` (and headers to add to their answer, for a visitor cookie); a server action reads
 * the headers through its `headers` option (Next.js `headers()`), or knows none.
 */
export interface RequestContext {
  headers: HeadersLike | undefined
  request: Request | undefined
  /** Headers the Fetch handler adds to its answer (`set-cookie`); `undefined` in a server action. */
  responseHeaders: Headers | undefined
}

/** Reads a server action's headers through its `headers` option, once per call. */
export async function actionRequestContext(
  headers: (() => HeadersLike | Promise<HeadersLike>) | undefined,
): Promise<RequestContext> {
  return {
    headers: headers === undefined ? undefined : await headers(),
    request: undefined,
    responseHeaders: undefined,
  }
}
