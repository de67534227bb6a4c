import { createChatKitTokenHandler } from '@chatkit-session/server/fetch'
import type { ChatKitResult, ChatKitServer, ProcessOptions } from '../chatKitServer.ts'
import type { ChatKitUserContext } from '../createChatKitHandler.ts'

/** 40 bytes: long enough for HS256, and easy to spot in a leak check. */
export const SECRET = 'chatkit-handler-secret-LEAKCHECK-9d2f4b6a'
export const AUDIENCE = 'https://chatkit.example.com'
export const ORIGIN = 'https://app.example'
export const URL_ = `${ORIGIN}/api/chatkit`
/** A value sent in bodies: no answer and no `onError` call may quote it. */
export const MARKER = 'BODY-MARKER-3e8a'

/**
 * Signs a token for `user` with our own token handler (the token action behind HTTP), as the
 * app's token endpoint would; `now` moves its clock (an expired token is one signed long ago).
 */
export async function mintToken(
  user: string,
  options: { now?: () => number; secret?: string; audience?: string } = {},
): Promise<string> {
  const mint = createChatKitTokenHandler({
    secret: options.secret ?? SECRET,
    audience: options.audience ?? AUDIENCE,
    getUser: () => user,
    ...(options.now ? { now: options.now } : {}),
  })
  const response = await mint(
    new Request('https://app.example/api/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }),
  )
  const body = (await response.json()) as { ok: boolean; session?: { client_secret: string } }
  if (!body.session) throw new Error(`minting failed with ${response.status}`)
  return body.session.client_secret
}

/** One call the fake server received. */
export interface FakeCall {
  body: unknown
  context: unknown
  signal: AbortSignal | undefined
}

/** A fake ChatKit server that answers by the request's `type`, and records every call. */
export interface FakeServer<TContext = ChatKitUserContext> extends ChatKitServer<TContext> {
  calls: FakeCall[]
  /** Resolves when a stream of `type: 'stream'` was cancelled by the handler. */
  streamCancelled: Promise<void>
  /** SSE frames written before the stream stopped. */
  framesSent: () => number
}

const encoder = new TextEncoder()

/**
 * `echo`: JSON of the context and body. `refuse`: a `not_found` error with a path. `throw`:
 * rejects with an error that names the marker. `stream`: `frames` SSE frames (endless when left
 * out), one every 5 ms, stopping when cancelled. `broken`: a stream that fails after one frame.
 */
export function createFakeServer<TContext = ChatKitUserContext>(): FakeServer<TContext> {
  let cancelled = () => {}
  const streamCancelled = new Promise<void>((resolve) => {
    cancelled = resolve
  })
  let frames = 0
  const server: FakeServer<TContext> = {
    calls: [],
    streamCancelled,
    framesSent: () => frames,
    process(body: unknown, context: TContext, options?: ProcessOptions): Promise<ChatKitResult> {
      server.calls.push({ body, context, signal: options?.signal })
      const { type, frames: count } = body as { type?: string; frames?: number }
      switch (type) {
        case 'echo':
          return Promise.resolve({ type: 'json', body: JSON.stringify({ context, body }) })
        case 'refuse':
          return Promise.resolve({
            type: 'error',
            status: 404,
            error: { code: 'not_found', message: 'No such thread.', path: 'params.thread_id' },
          })
        case 'stream': {
          let timer: ReturnType<typeof setInterval> | undefined
          const stream = new ReadableStream<Uint8Array>({
            start(controller) {
              timer = setInterval(() => {
                frames += 1
                controller.enqueue(
                  encoder.encode(`data: ${JSON.stringify({ type: 'frame', n: frames })}\n\n`),
                )
                if (count !== undefined && frames >= count) {
                  clearInterval(timer)
                  controller.close()
                }
              }, 5)
            },
            cancel() {
              clearInterval(timer)
              cancelled()
            },
          })
          return Promise.resolve({ type: 'stream', stream })
        }
        case 'broken': {
          const stream = new ReadableStream<Uint8Array>({
            pull(controller) {
              if (frames > 0) throw new Error(`stream broke ${MARKER}`)
              frames += 1
              controller.enqueue(encoder.encode('data: {"type":"frame"}\n\n'))
            },
          })
          return Promise.resolve({ type: 'stream', stream })
        }
        default:
          return Promise.reject(new Error(`the fake server broke on ${MARKER}`))
      }
    },
  }
  return server
}

/** A same-origin browser POST of `body` (a string is sent as is) with `token`, if any. */
export function post(
  body: unknown,
  init: { token?: string; headers?: Record<string, string>; method?: string } = {},
): Request {
  const headers = new Headers({
    'content-type': 'application/json',
    origin: ORIGIN,
    'sec-fetch-site': 'same-origin',
  })
  if (init.token !== undefined) headers.set('authorization', `Bearer ${init.token}`)
  for (const [name, value] of Object.entries(init.headers ?? {})) headers.set(name, value)
  const method = init.method ?? 'POST'
  return new Request(URL_, {
    method,
    headers,
    body:
      method === 'GET' || method === 'HEAD'
        ? undefined
        : typeof body === 'string'
          ? body
          : JSON.stringify(body),
  })
}
