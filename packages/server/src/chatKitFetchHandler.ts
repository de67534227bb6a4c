import { ChatKitSessionError, type SessionActionError } from '@chatkit-session/core'
import {
  answerPreflight,
  isAllowedOrigin,
  isJsonRequest,
  readAllowedOrigins,
  readJsonBody,
  readMaxBodyBytes,
  setCorsHeaders,
} from '@chatkit-session/core/fetch'
import type { ChatKitAction, OnChatKitError } from './chatKitErrorContext.ts'
import { statusForErrorCode } from './statusForErrorCode.ts'

/** Largest request body a handler reads, in bytes, when `maxBodyBytes` is left out. */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024

/** A Fetch API handler: Hono, a Next.js route handler, a Worker, Bun or Deno call it as is. */
export type ChatKitFetchHandler = (request: Request) => Promise<Response>

/**
 * Who is calling, read from the request on the server: a verified cookie or header, never the
 * body. `responseHeaders` are added to the handler's answer: a visitor cookie sets itself there.
 */
export type GetRequestUser = (
  request: Request,
  responseHeaders: Headers,
) => string | null | undefined | Promise<string | null | undefined>

/** The options every Fetch handler adds to its action's configuration. */
export interface ChatKitFetchHandlerOptions {
  /**
   * The signed-in end user's id, read from the request by your auth (a session cookie, a
   * verified header); `null` or `undefined` when nobody is signed in, which answers 401
   * `unauthorized`. Never read it from the body: the browser would choose who it is. What it
   * throws is not caught, so your framework's error handling (and Next.js `redirect()`) sees it.
   */
  getUser: GetRequestUser
  /**
   * Other origins whose pages may call the endpoint, exactly as browsers send them in `Origin`
   * (`https://app.example.com`: no path, no trailing slash); they also get CORS headers and a
   * preflight answer. The endpoint's own origin is always allowed, and a request with neither
   * `Origin` nor `Sec-Fetch-Site` (not a browser) passes. Behind a proxy that rewrites `Host`,
   * list the public origin here.
   * @default [] (same origin only)
   */
  allowedOrigins?: readonly string[]
  /**
   * Largest body read, in bytes; a larger one is answered 413 without being read further.
   * @default 8192
   */
  maxBodyBytes?: number
}

type ActionResult = { ok: true; session: object } | { ok: false; error: SessionActionError }

interface HandlerSetup extends ChatKitFetchHandlerOptions {
  onError?: OnChatKitError
}

const REFUSALS = {
  method: [405, 'bad_request', 'Only POST is allowed here.'],
  site: [403, 'forbidden', 'Cross-site requests are refused: this endpoint answers pages of its own origin.'],
  type: [415, 'bad_request', 'The body must be JSON (Content-Type: application/json).'],
  too_large: [413, 'bad_request', 'The body is too large.'],
  not_json: [400, 'bad_request', 'The body must be a JSON object.'],
} as const

type Refusal = keyof typeof REFUSALS

/**
 * The HTTP half every handler shares: only `POST`, only from its own origin (or
 * `allowedOrigins`), only a JSON object within `maxBodyBytes`; then `run` with the body, and its
 * result as JSON with the status of its code. Every answer is `{ ok, session | error }` with
 * `Cache-Control: no-store`, and a refusal never quotes the request.
 */
export function createFetchHandler(
  action: ChatKitAction,
  setup: HandlerSetup,
  run: (request: Request, body: Record<string, unknown>, responseHeaders: Headers) => Promise<ActionResult>,
): ChatKitFetchHandler {
  if (typeof setup.getUser !== 'function') throw new TypeError('getUser: must be a function')
  const maxBodyBytes = readMaxBodyBytes(setup.maxBodyBytes, DEFAULT_MAX_BODY_BYTES)
  const allowedOrigins = readAllowedOrigins(setup.allowedOrigins)

  const answer = (request: Request, result: ActionResult, status: number, extra: HeadersInit = {}) => {
    const headers = new Headers(extra)
    headers.set('content-type', 'application/json; charset=utf-8')
    headers.set('cache-control', 'no-store')
    headers.set('x-content-type-options', 'nosniff')
    setCorsHeaders(headers, request, allowedOrigins)
    return new Response(JSON.stringify(result), { status, headers })
  }

  const refuse = (request: Request, refusal: Refusal, extra?: HeadersInit) => {
    const [status, code, message] = REFUSALS[refusal]
    const error = new ChatKitSessionError(code, message)
    const origin = request.headers.get('origin') ?? request.headers.get('sec-fetch-site') ?? '?'
    setup.onError?.(error, {
      action,
      user: undefined,
      upstream: undefined,
      hint:
        refusal === 'site'
          ? `Refused a request from ${origin}: add it to allowedOrigins if it is your own front end.`
          : `Refused before the action ran (HTTP ${status}).`,
    })
    return answer(request, { ok: false, error: { code, message } }, status, extra)
  }

  return async (request) => {
    const preflight = answerPreflight(request, allowedOrigins)
    if (preflight) return preflight
    if (request.method !== 'POST') return refuse(request, 'method', { allow: 'POST' })
    if (!isAllowedOrigin(request, allowedOrigins)) return refuse(request, 'site')
    if (!isJsonRequest(request)) return refuse(request, 'type')
    const body = await readJsonBody(request, maxBodyBytes)
    if (!body.ok) return refuse(request, body.reason)
    const responseHeaders = new Headers()
    const result = await run(request, body.value, responseHeaders)
    if (result.ok) return answer(request, result, 200, responseHeaders)
    const { retryAfterMs } = result.error
    if (retryAfterMs !== undefined) responseHeaders.set('retry-after', String(Math.ceil(retryAfterMs / 1000)))
    return answer(request, result, statusForErrorCode(result.error.code), responseHeaders)
  }
}
