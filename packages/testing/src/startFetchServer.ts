import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DroppedConnectionError } from './droppedConnectionError.ts'

/** Largest request body the HTTP transport reads, in bytes (the API allows 10 MB state strings). */
const MAX_BODY_BYTES = 16 * 1024 * 1024
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host'])

/** Where a server listens: the options `startChatKitEmulator` and `startChatKitServerStandIn` share. */
export interface ListenOptions {
  /**
   * Port to listen on; 0 picks a free one (read it from `port`).
   * @default 0
   */
  port?: number
  /**
   * Interface to listen on.
   * @default '127.0.0.1'
   */
  host?: string
}

/** What a server listening on a real socket adds to its in-process twin. */
export interface ListeningServer {
  /** `http://HOST:PORT`, for the control routes. */
  readonly origin: string
  readonly port: number
  /** Closes the server and every open connection. Safe to call twice. */
  stop: () => Promise<void>
}

/** Where and how a Fetch API handler is served over `node:http`. */
export interface FetchServerOptions extends ListenOptions {
  handle: (request: Request) => Promise<Response>
  /** The answer to a body over 16 MB (413) or a handler that threw (500). */
  errorResponse: (status: 413 | 500) => Response
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

/**
 * Writes a response as it comes: a streamed body (Server-Sent Events) is sent chunk by chunk,
 * and stops being read when the client goes away.
 */
async function send(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers))
  if (response.body === null) {
    res.end()
    return
  }
  const reader = response.body.getReader()
  const stop = () => void reader.cancel().catch(() => {})
  res.once('close', stop)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done || res.destroyed) break
      res.write(value)
    }
    res.end()
  } catch {
    // The status is sent: a body that breaks halfway can only be cut off, as a server would.
    res.destroy()
  } finally {
    res.off('close', stop)
  }
}

async function serve(
  options: FetchServerOptions,
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
      await send(res, options.errorResponse(413))
      return
    }
    const method = req.method ?? 'GET'
    const request = new Request(new URL(req.url ?? '/', origin), {
      method,
      headers: toHeaders(req),
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
      signal: aborted.signal,
    })
    await send(res, await options.handle(request))
  } catch (error) {
    if (error instanceof DroppedConnectionError || aborted.signal.aborted) {
      req.socket.destroy()
      return
    }
    await send(res, options.errorResponse(500))
  }
}

/**
 * Serves a Fetch API handler on a real `node:http` server. A handler that rejects with a
 * {@link DroppedConnectionError}, or whose client went away, gets its socket destroyed.
 */
export async function startFetchServer(options: FetchServerOptions): Promise<ListeningServer> {
  const { port = 0, host = '127.0.0.1' } = options
  let origin = ''
  const server = createServer((req, res) => void serve(options, origin, req, res))
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
  return { origin, port: address.port, stop }
}

/**
 * Serves an in-process fake server (the emulator, the stand-in) on a real `node:http` server:
 * the fake itself, and where it listens.
 */
export async function listenOverHttp<Fake extends Pick<FetchServerOptions, 'handle'>>(
  fake: Fake,
  options: Omit<FetchServerOptions, 'handle'>,
): Promise<Fake & ListeningServer> {
  const server = await startFetchServer({ ...options, handle: fake.handle })
  return { ...fake, ...server }
}
