import { bearerToken } from '@chatkit-session/core/fetch'
import {
  MAX_SESSION_LIFETIME_SECONDS,
  formatIssues,
  isRecord,
  sessionCreateParamsSchema,
  type ChatSession,
  type ApiSessionStatus,
  type SessionCreateParams,
} from '@chatkit-session/core'
import { MAX_STORED_SESSIONS } from './boundedLog.ts'
import type { ChatKitEmulator, ChatKitEmulatorOptions, EmulatorRequest } from './chatKitEmulator.ts'
import { createFakeServer } from './createFakeServer.ts'
import { handleEmulatorControl } from './emulatorControl.ts'
import { parseEmulatorFaults, type EmulatorFaults } from './emulatorFaults.ts'
import { jsonResponse, openAIErrorResponse } from './openAIErrorResponse.ts'
import { createRateLimiter } from './rateLimiter.ts'
import { safeDecode } from './safeDecode.ts'
import { createClientSecret, createSessionId } from './sessionTokens.ts'
import { checkLifetimeSeconds } from './checkLifetimeSeconds.ts'

/**
 * The base URL to give the SDK with the in-process `fetch`. The host never resolves: only
 * `emulator.fetch` can reach it.
 */
export const EMULATOR_BASE_URL = 'http://chatkit-emulator.local/v1'

/** The `OpenAI-Beta` header value the ChatKit endpoints require. */
export const CHATKIT_BETA_HEADER = 'chatkit_beta=v1'

interface StoredSession {
  session: Omit<ChatSession, 'status'>
  cancelled: boolean
}

const CREATE_PATH = /\/v1\/chatkit\/sessions\/?$/
const CANCEL_PATH = /\/v1\/chatkit\/sessions\/([^/]+)\/cancel\/?$/
const KNOWN_PARAMS: ReadonlySet<string> = new Set(Object.keys(sessionCreateParamsSchema.shape))

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value
  for (const key of path) current = isRecord(current) ? current[String(key)] : undefined
  return current
}

/** The key as the API's 401 message shows it: a few characters each end, stars between. */
function maskKey(key: string): string {
  return key.length <= 10
    ? '*'.repeat(key.length)
    : `${key.slice(0, 3)}${'*'.repeat(key.length - 7)}${key.slice(-4)}`
}

function hasBetaHeader(request: Request): boolean {
  const values = (request.headers.get('openai-beta') ?? '').split(',')
  return values.some((value) => value.trim() === CHATKIT_BETA_HEADER)
}

/** A session resource with the API's documented defaults filled in. */
function resolveSession(params: SessionCreateParams, expiresAt: number): Omit<ChatSession, 'status'> {
  const { workflow, rate_limits, chatkit_configuration: config } = params
  const maxRequests = rate_limits?.max_requests_per_1_minute ?? 10
  return {
    id: createSessionId(),
    object: 'chatkit.session',
    client_secret: createClientSecret(),
    expires_at: expiresAt,
    user: params.user,
    workflow: {
      id: workflow.id,
      version: workflow.version ?? null,
      state_variables: workflow.state_variables ?? null,
      tracing: { enabled: workflow.tracing?.enabled ?? true },
    },
    rate_limits: { max_requests_per_1_minute: maxRequests },
    max_requests_per_1_minute: maxRequests,
    chatkit_configuration: {
      automatic_thread_titling: { enabled: config?.automatic_thread_titling?.enabled ?? true },
      file_upload: {
        enabled: config?.file_upload?.enabled ?? false,
        max_file_size: config?.file_upload?.max_file_size ?? 512,
        max_files: config?.file_upload?.max_files ?? 10,
      },
      history: {
        enabled: config?.history?.enabled ?? true,
        recent_threads: config?.history?.recent_threads ?? null,
      },
    },
  }
}

async function truncateBody(response: Response): Promise<Response> {
  const text = await response.text()
  return new Response(text.slice(0, Math.floor(text.length / 2)), {
    status: response.status,
    headers: response.headers,
  })
}

const STATUS_FAULT_MESSAGES: Record<number, string> = {
  401: 'Incorrect API key provided.',
  403: 'You are not allowed to create ChatKit sessions for this project.',
  404: 'Not found.',
  429: 'Rate limit reached for requests.',
  503: 'The engine is currently overloaded, please try again later.',
}

/**
 * Creates an in-process ChatKit API emulator. It implements `POST /v1/chatkit/sessions` and
 * `POST /v1/chatkit/sessions/{id}/cancel` as the API documents them: body validation with
 * OpenAI-style 400s naming `param`, `Authorization: Bearer` (401) and `OpenAI-Beta:
 * chatkit_beta=v1` (400) checks, the documented defaults (600 s lifetime, 10 requests per
 * minute, uploads off, ...), `cksess_` ids and unguessable `ek_` secrets, 404 for an unknown
 * session, `expired` once past `expires_at`. Serve it over HTTP with `startChatKitEmulator`.
 *
 * @example
 * const emulator = createChatKitEmulator()
 * const client = new OpenAI({ apiKey: 'sk-test', baseURL: emulator.baseURL, fetch: emulator.fetch })
 * await client.beta.chatkit.sessions.create({ user: 'u1', workflow: { id: 'wf_1' } })
 * emulator.setFaults({ status: 503 })
 */
export function createChatKitEmulator(options: ChatKitEmulatorOptions = {}): ChatKitEmulator {
  const { now = Date.now, random = Math.random, apiKeys } = options
  const baseLatencyMs = options.latencyMs ?? 0
  const baseLifetimeSeconds = checkLifetimeSeconds(options.lifetimeSeconds ?? MAX_SESSION_LIFETIME_SECONDS)
  const baseFaults: EmulatorFaults = parseEmulatorFaults(options.faults ?? {})
  let lifetimeSeconds = baseLifetimeSeconds
  let faults = baseFaults
  const sessions = new Map<string, StoredSession>()
  const limiter = options.rateLimit && createRateLimiter(options.rateLimit.requestsPerMinute, now)

  const statusOf = (stored: StoredSession): ApiSessionStatus => {
    if (stored.cancelled) return 'cancelled'
    return now() >= stored.session.expires_at * 1000 ? 'expired' : 'active'
  }
  const view = (stored: StoredSession): ChatSession => ({
    ...structuredClone(stored.session),
    status: statusOf(stored),
  })

  /** The API's answer for a workflow it cannot serve to `key`, or undefined when it can. */
  const workflowRefusal = (id: string, key: string): Response | undefined => {
    const { workflows, apiKeyProjects } = options
    if (workflows === undefined) return undefined
    const workflow = Object.hasOwn(workflows, id) ? workflows[id] : undefined
    const keyProject = apiKeyProjects?.[key]
    if (workflow?.retired) {
      return openAIErrorResponse(404, `Workflow '${id}' has been retired and can no longer be used.`, {
        param: 'workflow.id',
        code: 'workflow_retired',
      })
    }
    if (
      workflow === undefined ||
      (workflow.project !== undefined && keyProject !== undefined && workflow.project !== keyProject)
    ) {
      const where = keyProject === undefined ? '' : ` in project '${keyProject}'`
      return openAIErrorResponse(404, `No workflow found with id '${id}'${where}.`, {
        param: 'workflow.id',
        code: 'workflow_not_found',
      })
    }
    return undefined
  }

  const create = async (request: Request, key: string): Promise<Response> => {
    let body: unknown
    try {
      body = JSON.parse(await request.text())
    } catch {
      return openAIErrorResponse(
        400,
        'We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.',
      )
    }
    if (!isRecord(body)) return openAIErrorResponse(400, 'The request body must be a JSON object.')
    const unknownParam = Object.keys(body).find((key) => !KNOWN_PARAMS.has(key))
    if (unknownParam !== undefined) {
      return openAIErrorResponse(400, `Unknown parameter: '${unknownParam}'.`, {
        param: unknownParam,
        code: 'unknown_parameter',
      })
    }
    const parsed = sessionCreateParamsSchema.safeParse(body)
    if (!parsed.success) {
      const [first] = parsed.error.issues
      const path = first?.path ?? []
      return openAIErrorResponse(400, `Invalid request: ${formatIssues(parsed.error.issues)}`, {
        param: path.length === 0 ? null : path.map(String).join('.'),
        code: valueAt(body, path) === undefined ? 'missing_required_parameter' : 'invalid_value',
      })
    }
    const refusal = workflowRefusal(parsed.data.workflow.id, key)
    if (refusal !== undefined) return refusal
    const nowSeconds = Math.floor(now() / 1000)
    const lifetime = parsed.data.expires_after?.seconds ?? lifetimeSeconds
    const expiresAt = faults.expiredSessions ? nowSeconds - 1 : nowSeconds + lifetime
    const stored: StoredSession = { session: resolveSession(parsed.data, expiresAt), cancelled: false }
    sessions.set(stored.session.id, stored)
    // A Map iterates in insertion order: the first key is the oldest session.
    for (const oldest of sessions.keys()) {
      if (sessions.size <= MAX_STORED_SESSIONS) break
      sessions.delete(oldest)
    }
    return jsonResponse(200, view(stored))
  }

  const cancel = (encodedId: string): Response => {
    const id = safeDecode(encodedId)
    const stored = sessions.get(id)
    if (stored === undefined) {
      return openAIErrorResponse(404, `No ChatKit session found with id '${id}'.`, {
        param: 'session_id',
        code: 'not_found',
      })
    }
    // Expired is final too: only an active session becomes cancelled.
    if (statusOf(stored) === 'active') stored.cancelled = true
    return jsonResponse(200, view(stored))
  }

  const answer = async (request: Request, path: string): Promise<Response> => {
    const cancelMatch = CANCEL_PATH.exec(path)
    if ((!CREATE_PATH.test(path) && !cancelMatch) || request.method !== 'POST') {
      return openAIErrorResponse(404, `Invalid URL (${request.method} ${path})`)
    }
    if (typeof faults.status === 'number') {
      const status = faults.status
      return openAIErrorResponse(
        status,
        STATUS_FAULT_MESSAGES[status] ??
          (status >= 500 ? 'The server had an error while processing your request.' : 'Request failed.'),
        { headers: status === 429 ? { 'retry-after': '1' } : {} },
      )
    }
    const key = bearerToken(request)
    if (key === undefined) {
      return openAIErrorResponse(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      )
    }
    if (apiKeys !== undefined && !apiKeys.includes(key)) {
      // Masked like the real API does, so a client that copies API messages shows the leak.
      return openAIErrorResponse(401, `Incorrect API key provided: ${maskKey(key)}.`, {
        code: 'invalid_api_key',
      })
    }
    if (!hasBetaHeader(request)) {
      return openAIErrorResponse(
        400,
        `You must provide the 'OpenAI-Beta' header to access the ChatKit API: 'OpenAI-Beta: ${CHATKIT_BETA_HEADER}'.`,
        { code: 'missing_beta_header' },
      )
    }
    const decision = limiter?.take(key)
    if (decision !== undefined && !decision.ok) {
      return openAIErrorResponse(429, 'Rate limit reached for ChatKit session requests.', {
        code: 'rate_limit_exceeded',
        headers: { 'retry-after': String(decision.retryAfterSeconds) },
      })
    }
    if (cancelMatch?.[1] !== undefined) return cancel(cancelMatch[1])
    if ((faults.failRate ?? 0) > 0 && random() < (faults.failRate ?? 0)) {
      return openAIErrorResponse(500, 'The server had an error while processing your request.')
    }
    return create(request, key)
  }

  const server = createFakeServer<Omit<EmulatorRequest, 'at'>>(options, {
    controlSegment: '__emulator',
    control: (request, key, route) => handleEmulatorControl(emulator, request, key, route),
    controlOff: (request, path) => openAIErrorResponse(404, `Invalid URL (${request.method} ${path})`),
    arrive: (request, path) => {
      // The faults in force when the request arrived decide its delay, drop and body.
      const active = faults
      return {
        latencyMs: active.latencyMs ?? baseLatencyMs,
        answer: async () => {
          const entry = { method: request.method, path }
          if (active.dropConnection) return { response: null, entry: { ...entry, status: 0 } }
          let response = await answer(request, path)
          if (active.malformedJson) response = await truncateBody(response)
          return { response, entry: { ...entry, status: response.status } }
        },
      }
    },
    restore: () => {
      sessions.clear()
      limiter?.clear()
      faults = baseFaults
      lifetimeSeconds = baseLifetimeSeconds
    },
  })

  const emulator: ChatKitEmulator = {
    ...server,
    baseURL: EMULATOR_BASE_URL,
    setFaults: (next) => {
      faults = { ...faults, ...parseEmulatorFaults(next) }
    },
    clearFaults: () => {
      faults = {}
    },
    getFaults: () => ({ ...faults }),
    setLifetime: (seconds) => {
      lifetimeSeconds = checkLifetimeSeconds(seconds)
    },
    getLifetime: () => lifetimeSeconds,
    getSession: (id) => {
      const stored = sessions.get(id)
      return stored && view(stored)
    },
    listSessions: () => Array.from(sessions.values(), view),
  }
  return emulator
}
