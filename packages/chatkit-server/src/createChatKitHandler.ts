import {
  answerPreflight,
  bearerToken,
  isAllowedOrigin,
  isJsonRequest,
  readAllowedOrigins,
  readJsonBody,
  readMaxBodyBytes,
  setCorsHeaders,
} from '@chatkit-session/core/fetch'
import {
  createChatKitTokenVerifier,
  type ChatKitTokenClaims,
  type ChatKitTokenErrorCode,
  type ChatKitTokenVerifier,
  type VerifyChatKitTokenOptions,
} from '@chatkit-session/server/verify'
import type { ChatKitRequestErrorCode, ChatKitServer } from './chatKitServer.ts'
import type { AttachmentAnswer, ChatKitAttachments } from './createChatKitAttachments.ts'
import { answerAttachment } from './answerAttachment.ts'

/** Largest request body the handler reads, in bytes, when `maxBodyBytes` is left out: 1 MiB. */
export const DEFAULT_CHATKIT_MAX_BODY_BYTES = 1024 * 1024

/** A Fetch API handler: a Next.js route handler, Hono, a Worker, Bun or Deno call it as is. */
export type ChatKitHandler = (request: Request) => Promise<Response>

/** The context the handler builds from a verified token when no `context` option is given. */
export interface ChatKitUserContext {
  /** The token's subject (`sub`): the user the token action signed it for. */
  userId: string
}

/**
 * Why the handler answered an error:
 * - the protocol's own codes (`invalid_request` 400, `not_found` 404, `not_supported` 501);
 * - `missing` (401: no `Authorization: Bearer` header), a verifier code (401: `expired`,
 *   `invalid_signature`, `wrong_audience`, `malformed`) or `unauthorized` (401: `getContext`
 *   found nobody);
 * - `forbidden` (403: a cross-site request), `method_not_allowed` (405),
 *   `unsupported_media_type` (415), `payload_too_large` (413);
 * - with `attachments`: `rate_limited` (429: too many uploads at once), `not_found` (404) and
 *   `expired` (410) for a preview link;
 * - `internal_error` (500: something threw; the details went to `onError`).
 */
export type ChatKitHandlerErrorCode =
  | ChatKitRequestErrorCode
  | ChatKitTokenErrorCode
  | 'missing'
  | 'unauthorized'
  | 'forbidden'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'rate_limited'
  | 'internal_error'

/** The JSON body of every error answer. It never quotes the request, the token or a claim. */
export interface ChatKitHandlerErrorBody {
  error: {
    code: ChatKitHandlerErrorCode
    /** What went wrong, for people. */
    message: string
    /** The field at fault (`params.thread_id`), for an `invalid_request`. */
    path?: string
  }
}

/** Where an error reported to `onError` happened. */
export interface ChatKitHandlerErrorInfo<TContext> {
  /**
   * `context`: building the context threw (`context` or `getContext`); `process`: the server
   * threw or rejected (answered 500); `stream`: a stream failed after its 200 was sent (the
   * response is cut off).
   */
  phase: 'context' | 'process' | 'stream'
  /** The request's context, when it was built. */
  context: TContext | undefined
}

/** Options every form of the handler takes. */
export interface ChatKitHandlerBaseOptions<TContext> {
  /** The ChatKit server that answers each request (`createChatKitServer`). */
  server: ChatKitServer<TContext>
  /**
   * Other origins whose pages may call the endpoint, exactly as browsers send them in `Origin`
   * (`https://app.example.com`); they also get CORS headers and a preflight answer. The
   * endpoint's own origin is always allowed, and a request with neither `Origin` nor
   * `Sec-Fetch-Site` (not a browser) passes.
   * @default [] (same origin only)
   */
  allowedOrigins?: readonly string[]
  /**
   * Largest body read, in bytes; a larger one is answered 413 without being read further.
   * @default 1048576 (1 MiB)
   */
  maxBodyBytes?: number
  /**
   * Called with what threw (answered 500 with a generic message) or what broke a stream. It
   * gets the error and where it happened, never the token or the body.
   * @default undefined (errors are not reported)
   */
  onError?: (error: unknown, info: ChatKitHandlerErrorInfo<TContext>) => void
  /**
   * Serves uploads and previews (`createChatKitAttachments`) on this endpoint too: a
   * `multipart/form-data` POST is an upload (authenticated as every POST is), a GET with
   * `?preview=` a preview link (authenticated by its signature, as an `<img>` sends no token).
   * @default undefined (only ChatKit's JSON requests; GET answers 405)
   */
  attachments?: ChatKitAttachments<TContext>
}

/** Builds the app's context from a verified token's claims. */
export type ChatKitContextFromClaims<TContext> = (
  claims: ChatKitTokenClaims,
  request: Request,
) => TContext | Promise<TContext>

/** Authenticating with our ChatKit tokens (`createChatKitTokenAction`). */
export interface ChatKitHandlerVerifyOptions<TContext> extends ChatKitHandlerBaseOptions<TContext> {
  /**
   * How `Authorization: Bearer <token>` is verified: the options of `verifyChatKitToken` (the
   * `secret`, or `publicKey` and `algorithms`, and the `audience` the token action was given),
   * or a verifier made by `createChatKitTokenVerifier`. Bad options throw a `TypeError` now.
   */
  verify: VerifyChatKitTokenOptions | ChatKitTokenVerifier
  /**
   * The context of a request whose token verified, from its claims (`sub` is the user).
   * @default (claims) => ({ userId: claims.sub })
   */
  context?: ChatKitContextFromClaims<TContext>
  getContext?: never
}

/** Authenticating with the app's own auth (a session cookie, a verified header). */
export interface ChatKitHandlerGetContextOptions<TContext> extends ChatKitHandlerBaseOptions<TContext> {
  /**
   * The request's context from your auth, or `null` / `undefined` when nobody is signed in
   * (answered 401 `unauthorized`). Read who the user is from something the browser cannot
   * choose: a verified cookie or header, never the body.
   */
  getContext: (request: Request) => TContext | null | undefined | Promise<TContext | null | undefined>
  verify?: never
  context?: never
}

/** Options of {@link createChatKitHandler}: `verify` (our tokens) or `getContext` (your auth). */
export type CreateChatKitHandlerOptions<TContext = ChatKitUserContext> =
  ChatKitHandlerVerifyOptions<TContext> | ChatKitHandlerGetContextOptions<TContext>

type Authenticated<TContext> =
  | { ok: true; context: TContext }
  | { ok: false; code: 'missing' | 'unauthorized' | ChatKitTokenErrorCode; message: string }

const MESSAGES = {
  missing: 'Send the ChatKit token as Authorization: Bearer <token>.',
  unauthorized: 'Sign in to use this ChatKit server.',
  forbidden: 'Cross-site requests are refused: this endpoint answers pages of its own origin.',
  method_not_allowed: 'Only POST is allowed here.',
  unsupported_media_type: 'The body must be JSON (Content-Type: application/json).',
  payload_too_large: 'The body is too large.',
  invalid_request: 'The body must be a JSON object: { type, params }.',
  internal_error: 'The ChatKit server failed to answer this request.',
} as const

const STREAM_CACHE_CONTROL = 'no-store, no-cache, no-transform'

function contextFromVerify<TContext>(
  options: ChatKitHandlerVerifyOptions<TContext>,
): (request: Request) => Promise<Authenticated<TContext>> {
  const verify =
    typeof options.verify === 'function' ? options.verify : createChatKitTokenVerifier(options.verify)
  const toContext =
    options.context ?? ((claims: ChatKitTokenClaims) => ({ userId: claims.sub }) as unknown as TContext)
  if (typeof toContext !== 'function') throw new TypeError('context: must be a function')
  return async (request) => {
    const token = bearerToken(request)
    if (token === undefined) return { ok: false, code: 'missing', message: MESSAGES.missing }
    const result = await verify(token)
    if (!result.ok) return { ok: false, ...result.error }
    return { ok: true, context: await toContext(result.claims, request) }
  }
}

function contextFromApp<TContext>(
  options: ChatKitHandlerGetContextOptions<TContext>,
): (request: Request) => Promise<Authenticated<TContext>> {
  const { getContext } = options
  if (typeof getContext !== 'function') throw new TypeError('getContext: must be a function')
  return async (request) => {
    const context = await getContext(request)
    if (context === null || context === undefined) {
      return { ok: false, code: 'unauthorized', message: MESSAGES.unauthorized }
    }
    return { ok: true, context }
  }
}

/** Builds the context from the token's subject: `{ userId }`. */
export function createChatKitHandler(
  options: ChatKitHandlerVerifyOptions<ChatKitUserContext> & { context?: undefined },
): ChatKitHandler
/** Builds the context with `context(claims, request)`, or with the app's own `getContext(request)`. */
export function createChatKitHandler<TContext>(
  options:
    | (ChatKitHandlerVerifyOptions<TContext> & { context: ChatKitContextFromClaims<TContext> })
    | ChatKitHandlerGetContextOptions<TContext>,
): ChatKitHandler
/**
 * Creates the Fetch API handler of a ChatKit server: `(request: Request) => Promise<Response>`,
 * for a Next.js route handler (Node or edge runtime), Hono, a Worker, or plain Node through an
 * adapter.
 *
 * Each request must be a same-origin (or `allowedOrigins`) `POST` of a JSON object within
 * `maxBodyBytes`, and authenticated: with `verify`, by `Authorization: Bearer <token>` of our
 * token action, the context coming from the token's subject; with `getContext`, by your auth.
 * A missing or refused token answers 401 `{ error: { code, message } }` with a
 * `WWW-Authenticate` header, which `useChatKitApi().fetch` reads to renew its token once and
 * retry. Streams answer `text/event-stream`; the client going away (`request.signal`) stops
 * the server's work and the response. Every answer has `Cache-Control: no-store`, and none
 * quotes the request.
 *
 * @example
 * // app/api/chatkit/route.ts
 * const handler = createChatKitHandler({ server, verify: { secret, audience } })
 * export const POST = handler
 */
export function createChatKitHandler<TContext>(
  options: CreateChatKitHandlerOptions<TContext>,
): ChatKitHandler {
  const { server, onError, attachments } = options
  if (typeof server?.process !== 'function') throw new TypeError('server: must be a ChatKit server (process)')
  if (onError !== undefined && typeof onError !== 'function')
    throw new TypeError('onError: must be a function')
  const hasVerify = options.verify !== undefined
  if (hasVerify === (options.getContext !== undefined)) {
    throw new TypeError('createChatKitHandler: pass exactly one of `verify` and `getContext`')
  }
  const authenticate = hasVerify
    ? contextFromVerify(options as ChatKitHandlerVerifyOptions<TContext>)
    : contextFromApp(options as ChatKitHandlerGetContextOptions<TContext>)
  const maxBodyBytes = readMaxBodyBytes(options.maxBodyBytes, DEFAULT_CHATKIT_MAX_BODY_BYTES)
  const allowedOrigins = readAllowedOrigins(options.allowedOrigins)

  const report = (error: unknown, info: ChatKitHandlerErrorInfo<TContext>) => {
    try {
      onError?.(error, info)
    } catch {
      // A failing logger must not turn an answer into a crash.
    }
  }

  const headersFor = (request: Request, extra: Record<string, string>): Headers => {
    const headers = new Headers(extra)
    headers.set('x-content-type-options', 'nosniff')
    if (!headers.has('cache-control')) headers.set('cache-control', 'no-store')
    setCorsHeaders(headers, request, allowedOrigins)
    return headers
  }

  const json = (request: Request, status: number, body: string, extra: Record<string, string> = {}) =>
    new Response(body, {
      status,
      headers: headersFor(request, { ...extra, 'content-type': 'application/json; charset=utf-8' }),
    })

  const fail = (
    request: Request,
    status: number,
    error: ChatKitHandlerErrorBody['error'],
    extra?: Record<string, string>,
  ) => json(request, status, JSON.stringify({ error } satisfies ChatKitHandlerErrorBody), extra)

  const refuse = (
    request: Request,
    status: number,
    code: keyof typeof MESSAGES,
    extra?: Record<string, string>,
  ) => fail(request, status, { code, message: MESSAGES[code] }, extra)

  /** An upload's or a preview's answer, with the headers of every answer; a throw is a 500. */
  const answer = (
    request: Request,
    run: () => Promise<AttachmentAnswer>,
    context: TContext | undefined,
  ): Promise<Response> =>
    answerAttachment(run, {
      json: (body) => json(request, 200, body),
      file: (body, headers) => new Response(body, { status: 200, headers: headersFor(request, headers) }),
      fail: (status, error, headers) => fail(request, status, error, headers),
      internal: (error) => {
        report(error, { phase: 'process', context })
        return refuse(request, 500, 'internal_error')
      },
    })

  /**
   * The server's stream as the response body, ended when the client goes away: aborting
   * `request.signal` cancels the server's stream (which stops `respond`) and errors the body.
   * A pull-through wrapper rather than `pipeTo` a `TransformStream`: one queue hop instead of
   * two.
   */
  const stream = (request: Request, source: ReadableStream<Uint8Array>, context: TContext) => {
    const { signal } = request
    const reader = source.getReader()
    let stopClient: (() => void) | undefined
    const done = () => signal.removeEventListener('abort', abort)
    const abort = () => {
      done()
      reader.cancel(signal.reason).catch(() => {})
      stopClient?.()
    }
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        stopClient = () => controller.error(signal.reason)
        if (signal.aborted) abort()
        else signal.addEventListener('abort', abort)
      },
      async pull(controller) {
        try {
          const next = await reader.read()
          if (signal.aborted) return
          if (next.done) {
            done()
            controller.close()
          } else controller.enqueue(next.value)
        } catch (error) {
          done()
          if (!signal.aborted) report(error, { phase: 'stream', context })
          controller.error(error)
        }
      },
      cancel(reason) {
        done()
        return reader.cancel(reason)
      },
    })
    return new Response(body, {
      status: 200,
      headers: headersFor(request, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': STREAM_CACHE_CONTROL,
        'x-accel-buffering': 'no',
      }),
    })
  }

  return async (request) => {
    const preflight = answerPreflight(request, allowedOrigins, 'authorization, content-type')
    if (preflight) return preflight
    if (attachments?.isPreview(request)) {
      // No-cors loads (an <img>, also in ChatKit's own frame) send no Origin: the signature is
      // the credential. A page that reads the bytes through CORS must be an allowed origin.
      if (request.headers.has('origin') && !isAllowedOrigin(request, allowedOrigins))
        return refuse(request, 403, 'forbidden')
      return answer(request, () => attachments.preview(request), undefined)
    }
    if (request.method !== 'POST')
      return refuse(request, 405, 'method_not_allowed', { allow: attachments ? 'GET, POST' : 'POST' })
    if (!isAllowedOrigin(request, allowedOrigins)) return refuse(request, 403, 'forbidden')

    let context: TContext
    try {
      // Nothing of the request is read before it is authenticated.
      const authenticated = await authenticate(request)
      if (!authenticated.ok) {
        // RFC 6750: no error attribute when the request carried no credentials at all.
        const challenge =
          authenticated.code === 'missing' || authenticated.code === 'unauthorized'
            ? 'Bearer realm="chatkit"'
            : 'Bearer realm="chatkit", error="invalid_token"'
        return fail(
          request,
          401,
          { code: authenticated.code, message: authenticated.message },
          { 'www-authenticate': challenge },
        )
      }
      context = authenticated.context
    } catch (error) {
      report(error, { phase: 'context', context: undefined })
      return refuse(request, 500, 'internal_error')
    }

    if (attachments && /^multipart\/form-data/i.test(request.headers.get('content-type') ?? ''))
      return answer(request, () => attachments.upload(request, context), context)
    if (!isJsonRequest(request)) return refuse(request, 415, 'unsupported_media_type')
    const body = await readJsonBody(request, maxBodyBytes)
    if (!body.ok)
      return refuse(
        request,
        body.reason === 'too_large' ? 413 : 400,
        body.reason === 'too_large' ? 'payload_too_large' : 'invalid_request',
      )

    try {
      const result = await server.process(body.value, context, { signal: request.signal })
      switch (result.type) {
        case 'stream':
          return stream(request, result.stream, context)
        case 'json':
          return json(request, 200, result.body)
        case 'error': {
          const { code, message, path } = result.error
          return fail(
            request,
            result.status,
            path === undefined ? { code, message } : { code, message, path },
          )
        }
      }
    } catch (error) {
      report(error, { phase: 'process', context })
      return refuse(request, 500, 'internal_error')
    }
  }
}
