import {
  ChatKitSessionError,
  formatIssues,
  isRecord,
  sessionCreateParamsSchema,
  type IssueLike,
  type SessionCreateParams,
} from '@chatkit-session/core'
import { actionFailure } from './actionFailure.ts'
import { createCancelHandleSigner } from './cancelHandle.ts'
import type { ChatKitClient } from './chatKitClient.ts'
import type { OnChatKitError } from './chatKitErrorContext.ts'
import { readChatKitSessions } from './readChatKitSessions.ts'
import type { ChatKitSessionActionResult } from './chatKitClientSession.ts'
import { readUser, type GetUser } from './readUser.ts'
import { runSessionRequest } from './runSessionRequest.ts'
import { createIssuanceLimiter, type IssuanceLimits } from './issuanceLimits.ts'
import { actionRequestContext, type RequestContext } from './requestContext.ts'
import type { HeadersLike } from './resolveClientIp.ts'

/** A state variable value, as the API accepts it. */
export type StateVariableValue = string | number | boolean

/**
 * The allowlist of state variables the browser may send: a zod (or zod/mini) object schema such
 * as `z.object({ locale: z.enum(['en', 'fr']) })`. Only its output reaches the API: undeclared
 * keys are stripped, and a refused value fails the call with `bad_request` before any request.
 */
export interface StateVariablesSchema {
  safeParse: (
    value: unknown,
  ) =>
    | { success: true; data: Record<string, StateVariableValue | undefined> }
    | { success: false; error: { issues: readonly IssueLike[] } }
}

/** What the browser may pass to the action. Everything but `state_variables` is ignored. */
export interface CreateChatKitSessionInput {
  /** Checked against the config's `stateVariables` schema; ignored when there is none. */
  state_variables?: Record<string, unknown>
}

/** Configuration of {@link createChatKitSessionAction}. Everything here is fixed on the server. */
export interface CreateChatKitSessionActionConfig {
  /** An `OpenAI` client (`new OpenAI()`); its API key never leaves the server. */
  client: ChatKitClient
  /**
   * The signed-in end user's id, read on the server (from your auth library or session
   * cookie); `null` or `undefined` when nobody is signed in, which fails the call with
   * `unauthorized`. What it throws is not caught, so Next.js `redirect()` still works.
   */
  getUser: GetUser
  /**
   * The workflow, with the state variables, version and tracing of every session. Its
   * `state_variables` win over any the browser sends.
   */
  workflow: SessionCreateParams['workflow']
  /**
   * Session lifetime in whole seconds (1..600).
   * @default undefined (the API's 600)
   */
  expiresAfterSeconds?: number
  /**
   * Per-session request limit.
   * @default undefined (the API's 10 per minute)
   */
  rateLimits?: SessionCreateParams['rate_limits']
  /**
   * ChatKit features: file uploads, history, automatic thread titles.
   * @default undefined (the API's defaults: uploads off, full history, titles on)
   */
  chatkitConfiguration?: SessionCreateParams['chatkit_configuration']
  /**
   * The state variables the browser may set (see {@link StateVariablesSchema}).
   * @default undefined (the browser's input is ignored)
   */
  stateVariables?: StateVariablesSchema
  /**
   * Signs each session's `cancel_handle`, an HMAC over (user id, session id) that
   * `createChatKitCancelAction` checks with the same key: only the session's user can cancel it.
   * A string or bytes, at least 32 bytes (`openssl rand -base64 32`), used for nothing else (not
   * the API key, not a token secret); a short key throws a `TypeError` here.
   * @default undefined (no `cancel_handle`: sessions can only expire, not be cancelled)
   */
  cancelSecret?: string | Uint8Array
  /**
   * The server's clock in milliseconds, read for `server_time` when the API's answer arrives.
   * @default Date.now
   */
  now?: () => number
  /**
   * Called with every failure before it is returned, for server logs (see {@link OnChatKitError}).
   * @default undefined
   */
  onError?: OnChatKitError
  /**
   * Issuance limits per user, per client IP and globally (see {@link IssuanceLimits}). A refused
   * call answers `rate_limited` with `retryAfterMs` (429 with `Retry-After` from a Fetch handler)
   * and a generic message; `onError` gets the tier.
   * @default undefined (no limits)
   */
  limits?: IssuanceLimits
  /**
   * Reads the request's headers in a server action, for `limits.clientIp`: pass Next.js
   * `headers` (`import { headers } from 'next/headers'`). The Fetch handlers read the `Request`.
   * @default undefined (no headers: the IP tier cannot apply in a server action)
   */
  headers?: () => HeadersLike | Promise<HeadersLike>
}

/** The action's configuration with a `getUser` that sees the per-call request context. */
export type SessionIssuerConfig = Omit<CreateChatKitSessionActionConfig, 'getUser' | 'headers'> & {
  getUser: (context: RequestContext) => ReturnType<GetUser>
}

function browserStateVariables(
  schema: StateVariablesSchema,
  input: unknown,
): Record<string, StateVariableValue> | ChatKitSessionError {
  const parsed = schema.safeParse((isRecord(input) ? input.state_variables : undefined) ?? {})
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      ...issue,
      path: ['state_variables', ...issue.path],
    }))
    return new ChatKitSessionError('bad_request', formatIssues(issues))
  }
  return Object.fromEntries(
    Object.entries(parsed.data).filter(
      (entry): entry is [string, StateVariableValue] => entry[1] !== undefined,
    ),
  )
}

/**
 * Creates the body of a session server action: `(input?) => Promise<result>`. It asks
 * `getUser()` who is calling, builds the session parameters from the config (plus the
 * allowlisted `state_variables` of `input`), validates them with core's schema **before** any
 * network call, and creates the session with the official SDK. Failures are values with a code
 * (`rate_limited` with `retryAfterMs`), never throws: Next.js hides a thrown server-action
 * error's message. A client without `beta.chatkit` (`openai` < 6.2.0) fails every call with
 * `unsupported`, before anything else. The SDK retries 408/409/429/5xx and connection errors
 * twice (`maxRetries: 2`), honouring `retry-after`; set `maxRetries` on the client to change that.
 *
 * @example
 * // app/actions.ts
 * 'use server'
 * const create = createChatKitSessionAction({ client: new OpenAI(), getUser, workflow: { id: 'wf_...' } })
 * export async function createSession() {
 *   return create()
 * }
 */
export function createChatKitSessionAction(
  config: CreateChatKitSessionActionConfig,
): (input?: CreateChatKitSessionInput) => Promise<ChatKitSessionActionResult> {
  const { headers, getUser, ...rest } = config
  const issue = createSessionIssuer({ ...rest, getUser: () => getUser() })
  return async (input) => issue(input, await actionRequestContext(headers))
}

/**
 * The action's body with a per-call request context: built once, called per request by the
 * session Fetch handler (with the `Request`) and by the server action (with Next's headers).
 */
export function createSessionIssuer(
  config: SessionIssuerConfig,
): (
  input: CreateChatKitSessionInput | undefined,
  from: RequestContext,
) => Promise<ChatKitSessionActionResult> {
  const { client, getUser, workflow, stateVariables, now = Date.now, onError } = config
  const handles =
    config.cancelSecret === undefined ? undefined : createCancelHandleSigner(config.cancelSecret)
  const limiter = config.limits === undefined ? undefined : createIssuanceLimiter(config.limits, 'create')
  const base = { action: 'create' as const, now, onError }
  return async (input, from) => {
    const sessions = readChatKitSessions(client)
    if (sessions instanceof ChatKitSessionError) return actionFailure(sessions, base)
    const user = await readUser(() => getUser(from), base)
    if (typeof user !== 'string') return user
    const context = { ...base, user }
    let fromBrowser: Record<string, StateVariableValue> = {}
    if (stateVariables !== undefined) {
      const read = browserStateVariables(stateVariables, input)
      if (read instanceof ChatKitSessionError) return actionFailure(read, context)
      fromBrowser = read
    }
    const state_variables = { ...fromBrowser, ...workflow.state_variables }
    const parsed = sessionCreateParamsSchema.safeParse({
      user,
      workflow: Object.keys(state_variables).length === 0 ? workflow : { ...workflow, state_variables },
      expires_after:
        config.expiresAfterSeconds === undefined
          ? undefined
          : { anchor: 'created_at', seconds: config.expiresAfterSeconds },
      rate_limits: config.rateLimits,
      chatkit_configuration: config.chatkitConfiguration,
    })
    if (!parsed.success) {
      return actionFailure(new ChatKitSessionError('bad_request', formatIssues(parsed.error.issues)), context)
    }
    const params = parsed.data
    const refused = await limiter?.(user, from)
    if (refused !== undefined) return actionFailure(refused.error, context, undefined, refused.tier)
    const result = await runSessionRequest(() => sessions.create(params), context)
    if (result.ok && handles !== undefined && result.session.id !== undefined) {
      result.session.cancel_handle = await handles.sign(user, result.session.id)
    }
    return result
  }
}
