import { useMemo } from 'react'
import { useChatKitSessionSelector } from './ChatKitProvider.tsx'
import type { UseChatKitSessionResult } from './types.ts'

/** Where a self-hosted ChatKit server lives (ChatKit's advanced integration). */
export interface SelfHostedChatKitOptions {
  /** Your ChatKit server's endpoint. Required: an empty one throws a `TypeError`. */
  url: string
  /**
   * The domain key registered for your site in OpenAI's domain allowlist; ChatKit needs one
   * even with your own server (on localhost any placeholder works). Required: an empty or
   * missing one throws a `TypeError` at once instead of a blank widget in production.
   */
  domainKey: string
  /**
   * How ChatKit uploads attachments (ChatKit's `FileUploadStrategy`): `{ type: 'two_phase' }`
   * (through `attachments.create`) or `{ type: 'direct', uploadUrl }`. Uploads go through the
   * same `fetch`, so they carry the token as every request does.
   * @default undefined (no upload strategy: ChatKit's attachments stay off)
   */
  uploadStrategy?: ChatKitUploadStrategy
}

/** ChatKit's `FileUploadStrategy`: where the composer's files are uploaded. */
export type ChatKitUploadStrategy = { type: 'two_phase' } | { type: 'direct'; uploadUrl: string }

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
  const { getClientSecret, fetch } = session
  if (options === undefined) {
    if (getClientSecret) return { getClientSecret }
    throw new TypeError('toChatKitApi(session) needs session.getClientSecret')
  }
  if (!fetch) throw new TypeError('toChatKitApi(session, options) needs session.fetch')
  if (!options.url || !options.domainKey) {
    throw new TypeError(
      'A self-hosted ChatKit api needs a url and a domainKey (ChatKit needs a domain key even with ' +
        'your own server: register your domain in the allowlist; on localhost any placeholder works).',
    )
  }
  const { url, domainKey, uploadStrategy } = options
  return uploadStrategy ? { url, domainKey, fetch, uploadStrategy } : { url, domainKey, fetch }
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
  const selfHosted = options !== undefined
  const url = options?.url
  const domainKey = options?.domainKey
  // Compared by value: an inline `{ type: 'direct', uploadUrl }` keeps the api object stable.
  const uploadType = options?.uploadStrategy?.type
  const uploadUrl = options?.uploadStrategy?.type === 'direct' ? options.uploadStrategy.uploadUrl : undefined
  return useMemo(() => {
    if (!selfHosted) return toChatKitApi({ getClientSecret })
    const uploadStrategy: ChatKitUploadStrategy | undefined =
      uploadType === 'two_phase'
        ? { type: 'two_phase' }
        : uploadType === 'direct'
          ? { type: 'direct', uploadUrl: uploadUrl ?? '' }
          : undefined
    return toChatKitApi(
      { fetch },
      { url: url ?? '', domainKey: domainKey ?? '', ...(uploadStrategy ? { uploadStrategy } : {}) },
    )
  }, [getClientSecret, fetch, selfHosted, url, domainKey, uploadType, uploadUrl])
}
