import type { ChatKitEmulator, ChatKitEmulatorOptions } from './chatKitEmulator.ts'
import { createChatKitEmulator } from './createChatKitEmulator.ts'
import { openAIErrorResponse } from './openAIErrorResponse.ts'
import { listenOverHttp, type ListenOptions, type ListeningServer } from './startFetchServer.ts'

/** Options of {@link startChatKitEmulator}: the emulator's, and `port` and `host`. */
export interface StartChatKitEmulatorOptions extends ChatKitEmulatorOptions, ListenOptions {}

/**
 * An emulator listening on a real socket, with the same control surface as the in-process one;
 * `origin` serves the `/__emulator/*` control routes.
 */
export interface RunningChatKitEmulator extends ChatKitEmulator, ListeningServer {
  /** `http://HOST:PORT/v1`: pass it as the SDK's `baseURL`. */
  readonly baseURL: string
}

const ERROR_MESSAGES = {
  413: 'The request body is too large.',
  500: 'The ChatKit emulator failed to answer.',
}

/**
 * Starts the ChatKit API emulator on a real `node:http` server (127.0.0.1, a free port by
 * default). Every request goes through the same `handle` as the in-process emulator; the
 * `dropConnection` fault destroys the socket.
 *
 * @example
 * const emulator = await startChatKitEmulator({ rateLimit: { requestsPerMinute: 5 } })
 * const client = new OpenAI({ apiKey: 'sk-test', baseURL: emulator.baseURL, maxRetries: 0 })
 * afterAll(() => emulator.stop())
 */
export async function startChatKitEmulator(
  options: StartChatKitEmulatorOptions = {},
): Promise<RunningChatKitEmulator> {
  const { port, host, ...emulatorOptions } = options
  const running = await listenOverHttp(createChatKitEmulator(emulatorOptions), {
    errorResponse: (status) => openAIErrorResponse(status, ERROR_MESSAGES[status]),
    port,
    host,
  })
  return { ...running, baseURL: `${running.origin}/v1` }
}
