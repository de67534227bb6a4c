import { useMemo } from 'react'
import { useChatKitSessionSelector } from './ChatKitProvider.tsx'
import type { UseChatKitSessionResult } from './types.ts'

/** Where a self-hosted ChatKit server lives (ChatKit's advanced integration). */
export interface SelfHostedChatKitOptions {
  /** Your ChatKit server's endpoint. */
  url: string
  /** The domain key registered for your site. */
  domainKey: string
}

/** The `api` ChatKit wants for OpenAI-hosted sessions. */
export interface HostedChatKitApi {
  getClientSecret: (currentClientSecret: string | null) => Promise<string>
}

/** The `api` ChatKit wants for a self-hosted ChatKit server. */
export interface SelfHostedChatKitApi extends SelfHostedChatKitOptions {
  fetch: typeof fetch
}

/**
 * The `api` object for `useChatKit({ api })` from a session result: `{ getClientSecret }` for
 * hosted sessions, or `{ url, domainKey, fetch }` (tokens attached and renewed) with options.
 *
 * @example
 * const session = useChatKitSession({ createSession: createToken })
 * useChatKit({ api: toChatKitApi(session, { url: '/chatkit', domainKey }) })
 */
export function toChatKitApi(session: Pick<UseChatKitSessionResult, 'getClientSecret'>): HostedChatKitApi
export function toChatKitApi(
  session: Pick<UseChatKitSessionResult, 'fetch'>,
  options: SelfHostedChatKitOptions,
): SelfHostedChatKitApi
export function toChatKitApi(
  session: Partial<Pick<UseChatKitSessionResult, 'getClientSecret' | 'fetch'>>,
  options?: SelfHostedChatKitOptions,
): HostedChatKitApi | SelfHostedChatKitApi {
  if (options === undefined) {
    if (session.getClientSecret === undefined)
      throw new TypeError('toChatKitApi(session) needs session.getClientSecret')
    return { getClientSecret: session.getClientSecret }
  }
  if (session.fetch === undefined) throw new TypeError('toChatKitApi(session, options) needs session.fetch')
  return { url: options.url, domainKey: options.domainKey, fetch: session.fetch }
}

/**
 * The provider's session as ChatKit's `api` option, for either integration; only the mode
 * changes when an app moves from hosted sessions to its own ChatKit server. Stable across
 * refreshes: the component using it does not re-render when tokens rotate.
 *
 * @example
 * // Hosted (Agent Builder workflows):
 * const { control } = useChatKit({ api: useChatKitApi() })
 * // Self-hosted ChatKit server:
 * const { control } = useChatKit({ api: useChatKitApi({ url: '/api/chatkit', domainKey }) })
 */
export function useChatKitApi(): HostedChatKitApi
export function useChatKitApi(options: SelfHostedChatKitOptions): SelfHostedChatKitApi
export function useChatKitApi(options?: SelfHostedChatKitOptions): HostedChatKitApi | SelfHostedChatKitApi {
  const getClientSecret = useChatKitSessionSelector((s) => s.getClientSecret)
  const fetch = useChatKitSessionSelector((s) => s.fetch)
  const url = options?.url
  const domainKey = options?.domainKey
  return useMemo(
    () =>
      url === undefined || domainKey === undefined
        ? toChatKitApi({ getClientSecret })
        : toChatKitApi({ fetch }, { url, domainKey }),
    [getClientSecret, fetch, url, domainKey],
  )
}
