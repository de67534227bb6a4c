import { bearerToken } from '@chatkit-session/core/fetch'
import { formatIssues } from '@chatkit-session/core'
import {
  createChatKitTokenVerifier,
  type ChatKitTokenErrorCode,
  type ChatKitTokenVerifier,
  type VerifyChatKitTokenOptions,
} from '@chatkit-session/server/verify'
import * as z from 'zod/mini'
import { createFakeServer } from './createFakeServer.ts'
import { jsonResponse } from './openAIErrorResponse.ts'
import { readJsonField } from './readJson.ts'

/**
 * The URL to give a client along with the in-process `fetch`. The host never resolves: only
 * `standIn.fetch` can reach it.
 */
export const STAND_IN_URL = 'http://chatkit-server.local/chatkit'

/**
 * Why the stand-in answered 401: a verifier code, `missing` (no `Authorization: Bearer`
 * header) or `forced` (a `forceUnauthorizedNext` fault).
 */
export type ChatKitServerRefusalCode = ChatKitTokenErrorCode | 'missing' | 'forced'

/** The body of a 401. */
export interface ChatKitServerRefusal {
  error: { code: ChatKitServerRefusalCode; message: string }
}

/** The body of a 200: who the token was for, and what was asked. */
export interface ChatKitServerEcho {
  ok: true
  /** The token's user (`sub`). */
  user: string
  /** The token's id (`jti`), so a test can watch tokens rotate. */
  tokenId: string
  method: string
  path: string
  /** The request body as text (UTF-8), or `null` for `GET` and `HEAD`. */
  body: string | null
}

/** One request the stand-in answered. Never holds the token. */
export interface ChatKitServerRequest {
  method: string
  path: string
  /** The status answered: 200 or 401. */
  status: number
  /** Why it answered 401; `undefined` for a 200. */
  code?: ChatKitServerRefusalCode
  /** The verified token's id (`jti`); `undefined` when the token did not verify. */
  tokenId?: string
  /** The verified token's user (`sub`); `undefined` when the token did not verify. */
  userId?: string
  /**
   * Size of the request body, in bytes. A refused request's body is never read (the token is
   * checked first), so it counts 0.
   */
  bodyBytes: number
  /** The stand-in's clock when the answer was ready, in milliseconds. */
  at: number
}

/** Options of the stand-in itself, whichever way it verifies. */
export interface ChatKitServerStandInBaseOptions {
  /**
   * Delay before every answer, in milliseconds (a `setTimeout`, so fake timers control it), at
   * most {@link MAX_STAND_IN_LATENCY_MS}.
   * @default 0
   */
  latencyMs?: number
  /**
   * The clock of the request log, in milliseconds; also the verifier's clock when the stand-in
   * builds it from `secret` or `publicKey`.
   * @default Date.now
   */
  now?: () => number
  /**
   * Serve the `/__chatkit-server/*` control routes, so a test can force 401s in a process that
   * runs the stand-in (for example a Next.js demo). They take no credentials, and they list
   * every user id and token id seen: never turn them on in production.
   * @default false
   */
  control?: boolean
  /**
   * Called after every request with what the `requests` log records.
   * @default undefined
   */
  onRequest?: (request: ChatKitServerRequest) => void
}

/**
 * Options of {@link createChatKitServerStandIn}: a `verify` function, or the options of
 * `verifyChatKitToken` (`secret` or `publicKey`, `audience`, ...) to build one.
 */
export type ChatKitServerStandInOptions = ChatKitServerStandInBaseOptions &
  ({ verify: ChatKitTokenVerifier } | VerifyChatKitTokenOptions)

/** A stand-in for your own ChatKit server: it authenticates every request with a ChatKit token. */
export interface ChatKitServerStandIn {
  /** {@link STAND_IN_URL}: the URL to use with {@link ChatKitServerStandIn.fetch}. */
  readonly url: string
  /** A `fetch` that answers in-process, with no socket. */
  readonly fetch: typeof fetch
  /** The one request handler; mount it in any server that speaks the Fetch API. */
  handle: (request: Request) => Promise<Response>
  /**
   * Answers the next `count` requests 401 (`forced`), even with a valid token; 0 switches it
   * off. Throws a `TypeError` unless `count` is a whole number from 0 to
   * {@link MAX_FORCED_UNAUTHORIZED}.
   */
  forceUnauthorizedNext: (count: number) => void
  /** How many forced 401s are left. */
  getForcedUnauthorized: () => number
  /** Changes the delay before every answer, in milliseconds (0 to {@link MAX_STAND_IN_LATENCY_MS}). */
  setLatency: (ms: number) => void
  /** The delay before every answer, in milliseconds. */
  getLatency: () => number
  /** The last `MAX_RECORDED_REQUESTS` requests answered, oldest first (a live array). */
  readonly requests: readonly ChatKitServerRequest[]
  /** Forgets requests and forced 401s, and restores the `latencyMs` option. */
  reset: () => void
}

const REFUSAL_MESSAGES: Record<'missing' | 'forced', string> = {
  missing: 'Send the ChatKit token as Authorization: Bearer <token>.',
  forced: 'Unauthorized (a forced 401 of the stand-in).',
}

/** Longest delay the stand-in accepts, in milliseconds: a minute. */
export const MAX_STAND_IN_LATENCY_MS = 60_000

/** Most forced 401s the stand-in accepts at once. */
export const MAX_FORCED_UNAUTHORIZED = 1_000

const countSchema = z.object({ count: z.int().check(z.minimum(0), z.maximum(MAX_FORCED_UNAUTHORIZED)) })
const latencySchema = z.object({ ms: z.number().check(z.minimum(0), z.maximum(MAX_STAND_IN_LATENCY_MS)) })

function checkCount(count: unknown): number {
  const parsed = countSchema.safeParse({ count })
  if (!parsed.success) throw new TypeError(`forceUnauthorizedNext: ${formatIssues(parsed.error.issues)}`)
  return parsed.data.count
}

function checkLatency(ms: unknown): number {
  const parsed = latencySchema.safeParse({ ms })
  if (!parsed.success) throw new TypeError(`setLatency: ${formatIssues(parsed.error.issues)}`)
  return parsed.data.ms
}

function refusal(code: ChatKitServerRefusalCode, message: string): Response {
  const body: ChatKitServerRefusal = { error: { code, message } }
  // RFC 6750: no error attribute when the request carried no credentials at all.
  const challenge =
    code === 'missing' ? 'Bearer realm="chatkit"' : 'Bearer realm="chatkit", error="invalid_token"'
  return jsonResponse(401, body, { 'www-authenticate': challenge, 'cache-control': 'no-store' })
}

function controlError(message: string): Response {
  return jsonResponse(400, { error: { message } })
}

/**
 * Creates an in-process stand-in for a self-hosted ChatKit server (ChatKit's advanced
 * integration): every request must carry `Authorization: Bearer <ChatKit token>`, verified
 * with `verifyChatKitToken` from `@chatkit-session/server/verify`. A missing, expired, forged
 * or otherwise refused token gets 401 `{ error: { code, message } }` with a `WWW-Authenticate`
 * header; a valid one gets 200 with a JSON echo (`{ ok, user, tokenId, method, path, body }`).
 * Any path and method are served. Serve it over HTTP with `startChatKitServerStandIn`.
 *
 * @example
 * const standIn = createChatKitServerStandIn({ secret, audience: STAND_IN_URL })
 * standIn.forceUnauthorizedNext(1) // the next request gets 401 even with a valid token
 * await standIn.fetch(STAND_IN_URL, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
 */
export function createChatKitServerStandIn(options: ChatKitServerStandInOptions): ChatKitServerStandIn {
  const verify = 'verify' in options ? options.verify : createChatKitTokenVerifier(options)
  const baseLatencyMs = checkLatency(options.latencyMs ?? 0)
  let latencyMs = baseLatencyMs
  let forced = 0

  const answer = async (
    request: Request,
    path: string,
  ): Promise<{ response: Response; entry: Omit<ChatKitServerRequest, 'at'> }> => {
    // Nothing is read from a request before its token verifies: no body, no memory for it.
    const entry = { method: request.method, path, bodyBytes: 0 }
    if (forced > 0) {
      forced -= 1
      return {
        response: refusal('forced', REFUSAL_MESSAGES.forced),
        entry: { ...entry, status: 401, code: 'forced' },
      }
    }
    const token = bearerToken(request)
    if (token === undefined) {
      return {
        response: refusal('missing', REFUSAL_MESSAGES.missing),
        entry: { ...entry, status: 401, code: 'missing' },
      }
    }
    const result = await verify(token)
    if (!result.ok) {
      const { code, message } = result.error
      return { response: refusal(code, message), entry: { ...entry, status: 401, code } }
    }
    const bytes = new Uint8Array(await request.arrayBuffer())
    const echo: ChatKitServerEcho = {
      ok: true,
      user: result.userId,
      tokenId: result.tokenId,
      method: request.method,
      path,
      body: request.method === 'GET' || request.method === 'HEAD' ? null : new TextDecoder().decode(bytes),
    }
    return {
      response: jsonResponse(200, echo, { 'cache-control': 'no-store' }),
      entry: {
        ...entry,
        bodyBytes: bytes.length,
        status: 200,
        tokenId: result.tokenId,
        userId: result.userId,
      },
    }
  }

  const handleControl = async (request: Request, key: string, route: string): Promise<Response> => {
    try {
      switch (key) {
        case 'GET /state':
          return jsonResponse(200, {
            forcedUnauthorized: forced,
            latencyMs,
            requests: server.requests.length,
          })
        case 'POST /unauthorized':
          forced = checkCount(await readJsonField(request, 'count'))
          return jsonResponse(200, { forcedUnauthorized: forced })
        case 'POST /latency':
          latencyMs = checkLatency(await readJsonField(request, 'ms'))
          return jsonResponse(200, { latencyMs })
        default:
          return jsonResponse(404, {
            error: {
              message: `Unknown stand-in control route (${request.method} /__chatkit-server${route}).`,
            },
          })
      }
    } catch (error) {
      return controlError(error instanceof Error ? error.message : 'Invalid control request.')
    }
  }

  // Without `control`, the control paths are ordinary paths: they need a token like any other.
  const server = createFakeServer<Omit<ChatKitServerRequest, 'at'>>(options, {
    controlSegment: '__chatkit-server',
    control: handleControl,
    arrive: (request, path) => ({ latencyMs, answer: () => answer(request, path) }),
    restore: () => {
      forced = 0
      latencyMs = baseLatencyMs
    },
  })

  const standIn: ChatKitServerStandIn = {
    ...server,
    url: STAND_IN_URL,
    forceUnauthorizedNext: (count) => {
      forced = checkCount(count)
    },
    getForcedUnauthorized: () => forced,
    setLatency: (ms) => {
      latencyMs = checkLatency(ms)
    },
    getLatency: () => latencyMs,
  }
  return standIn
}
