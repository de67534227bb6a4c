import {
  createChatKitServerStandIn,
  type ChatKitServerStandIn,
  type ChatKitServerStandInOptions,
} from './createChatKitServerStandIn.ts'
import { jsonResponse } from './openAIErrorResponse.ts'
import { listenOverHttp, type ListenOptions, type ListeningServer } from './startFetchServer.ts'

/** Options of {@link startChatKitServerStandIn}: the stand-in's, and `port` and `host`. */
export type StartChatKitServerStandInOptions = ChatKitServerStandInOptions & ListenOptions

/**
 * A stand-in listening on a real socket, with the same control surface as the in-process one;
 * `origin` serves the `/__chatkit-server/*` control routes.
 */
export interface RunningChatKitServerStandIn extends ChatKitServerStandIn, ListeningServer {
  /** `http://HOST:PORT/chatkit`: the `api.url` to give ChatKit (any path is served). */
  readonly url: string
}

const ERROR_MESSAGES = {
  413: 'The request body is too large.',
  500: 'The ChatKit server stand-in failed to answer.',
}

/**
 * Starts the ChatKit server stand-in on a real `node:http` server (127.0.0.1, a free port by
 * default). Every request goes through the same `handle` as the in-process stand-in.
 *
 * @example
 * const server = await startChatKitServerStandIn({ secret, audience: 'http://127.0.0.1' })
 * await fetch(server.url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body })
 * afterAll(() => server.stop())
 */
export async function startChatKitServerStandIn(
  options: StartChatKitServerStandInOptions,
): Promise<RunningChatKitServerStandIn> {
  const { port, host, ...standInOptions } = options
  const running = await listenOverHttp(createChatKitServerStandIn(standInOptions), {
    errorResponse: (status) => jsonResponse(status, { error: { message: ERROR_MESSAGES[status] } }),
    port,
    host,
  })
  return { ...running, url: `${running.origin}/chatkit` }
}
