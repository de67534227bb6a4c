import type { SessionActionResult } from '@chatkit-session/core'

/**
 * Starts a session (or token) for the page a Server Component is rendering, for
 * `<ChatKitProvider initialSession={...}>`: pass the promise down without awaiting it, so the
 * API call runs while the page renders and streams, and the first secret is there at hydration.
 * The promise never rejects (a throw becomes a `server_error` value; the provider then falls
 * back to `createSession`).
 *
 * The page is per user and must never be cached: call it only where the action's `getUser`
 * reads the request (cookies or headers), which makes a Next.js page dynamic and sends
 * `Cache-Control: private, no-cache, no-store`; never in a static, ISR or `'use cache'` page.
 *
 * @example
 * // app/page.tsx (a Server Component)
 * const initialSession = prefetchChatKitSession(createChatKitSession)
 * return <ChatKitProvider createSession={createChatKitSession} initialSession={initialSession}>…
 */
export function prefetchChatKitSession<T extends SessionActionResult>(
  action: () => Promise<T>,
): Promise<T | SessionActionResult> {
  return action().catch((): SessionActionResult => ({
    ok: false,
    error: { code: 'server_error', message: 'The session could not be prefetched.' },
  }))
}
