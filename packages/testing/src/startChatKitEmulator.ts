import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  createChatKitEmulator,
  type ChatKitEmulator,
  type ChatKitEmulatorOptions,
} from './createChatKitEmulator.ts'
import { DroppedConnectionError } from './droppedConnectionError.ts'
import { openAIErrorResponse } from './openAIErrorResponse.ts'

/** Largest request body the HTTP transport reads, in bytes (the API allows 10 MB state strings). */
const MAX_BODY_BYTES = 16 * 1024 * 1024
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host'])

/** Options of {@link startChatKitEmulator}. */
export interface StartChatKitEmulatorOptions extends ChatKitEmulatorOptions {
  /**
   * Port to listen on; 0 picks a free one (read it from `port` or `baseURL`).
   * @default 0
   */
  port?: number
  /**
   * Interface to listen on.
   * @default '127.0.0.1'
   */
  host?: string
}

/** An emulator listening on a real socket, with the same control surface as the in-process one. */
export interface RunningChatKitEmulator extends ChatKitEmulator {
  /** `http://HOST:PORT/v1`: pass it as the SDK's `baseURL`. */
  readonly baseURL: string
  /** `http://HOST:PORT`, for the `/__emulator/*` control routes. */
  readonly origin: string
  /** The port it listens on. */
  readonly port: number
  /** Closes the server and every open connection. Safe to call twice. */
  stop: () => Promise<void>
}

async function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buffer = chunk as Buffer
    size += buffer.length
    // Keep reading past the limit, without keeping it, so the 413 can still be sent.
    if (size <= MAX_BODY_BYTES) chunks.push(buffer)
  }
  return size > MAX_BODY_BYTES ? undefined : new Uint8Array(Buffer.concat(chunks))
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item)
  }
  return headers
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const body = new Uint8Array(await response.arrayBuffer())
  res.writeHead(response.status, Object.fromEntries(response.headers))
  res.end(body)
}

async function serve(
  emulator: ChatKitEmulator,
  origin: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const aborted = new AbortController()
  res.once('close', () => {
    if (!res.writableFinished) aborted.abort()
  })
  try {
    const body = await readBody(req)
    if (body === undefined) {
      await send(res, openAIErrorResponse(413, 'The request body is too large.'))
      return
    }
    const method = req.method ?? 'GET'
    const request = new Request(new URL(req.url ?? '/', origin), {
      method,
      headers: toHeaders(req),
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
      signal: aborted.signal,
    })
    await send(res, await emulator.handle(request))
  } catch (error) {
    if (error instanceof DroppedConnectionError || aborted.signal.aborted) {
      req.socket.destroy()
      return
    }
    await send(res, openAIErrorResponse(500, 'The ChatKit emulator failed to answer.'))
  }
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
  const { port = 0, host = '127.0.0.1', ...emulatorOptions } = options
  const emulator = createChatKitEmulator(emulatorOptions)
  let origin = ''
  const server = createServer((req, res) => void serve(emulator, origin, req, res))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
  let stopped: Promise<void> | undefined
  const stop = () => {
    stopped ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()))
      server.closeAllConnections()
    })
    return stopped
  }
  return { ...emulator, baseURL: `${origin}/v1`, origin, port: address.port, stop }
}
