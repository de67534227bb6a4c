import {
  CHATKIT_SESSION_ERROR_CODES,
  ChatKitSessionError,
  type ChatKitSessionErrorCode,
} from './chatKitSessionError.ts'
import { clientSessionSchema, type ClientSession } from './clientSession.ts'
import { isRecord } from './isRecord.ts'

/**
 * What a session server action returns. Failures are values, not throws: Next.js replaces
 * the message of an error thrown in a server action with a generic one in production.
 * Plain JSON, so it crosses the server/client boundary unchanged.
 */
export type SessionActionResult =
  { ok: true; session: ClientSession } | { ok: false; error: SessionActionError }

/** The serializable error half of {@link SessionActionResult}. */
export interface SessionActionError {
  /** What went wrong. */
  code: ChatKitSessionErrorCode
  /** A message safe to show and log: no keys, no secrets. */
  message: string
  /** How long to wait before trying again, in milliseconds, when the server said so. */
  retryAfterMs?: number
}

const ERROR_CODES: ReadonlySet<string> = new Set(CHATKIT_SESSION_ERROR_CODES)

function readActionError(error: unknown): ChatKitSessionError {
  if (!isRecord(error) || typeof error.code !== 'string' || !ERROR_CODES.has(error.code)) {
    return new ChatKitSessionError(
      'invalid_response',
      'The session action returned { ok: false } without a known error code.',
    )
  }
  const retryAfterMs =
    typeof error.retryAfterMs === 'number' && error.retryAfterMs >= 0 ? error.retryAfterMs : undefined
  const message =
    typeof error.message === 'string' && error.message !== ''
      ? error.message
      : `Session request failed (${error.code}).`
  return new ChatKitSessionError(error.code as ChatKitSessionErrorCode, message, { retryAfterMs })
}

/**
 * Turns what a session action returned, either a raw session (for example the SDK's
 * `ChatSession`) or a {@link SessionActionResult}, into a validated {@link ClientSession},
 * or into the {@link ChatKitSessionError} it stands for. Never throws.
 *
 * @example
 * const result = readSessionResult(await createSession())
 * if (result instanceof ChatKitSessionError) throw result
 */
export function readSessionResult(value: unknown): ClientSession | ChatKitSessionError {
  let candidate = value
  if (isRecord(value) && typeof value.ok === 'boolean') {
    if (!value.ok) return readActionError(value.error)
    candidate = value.session
  }
  const parsed = clientSessionSchema.safeParse(candidate)
  if (parsed.success) return parsed.data
  // Field and rule only, never the input (it may be a secret). A loose object checks only the
  // schema's own keys, so every path is one of ours: this runs in the browser, where the full
  // `formatIssues` (for keys an app's schema lets the browser choose) would be dead weight.
  const fields = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'session'} (${issue.code})`)
  return new ChatKitSessionError(
    'invalid_response',
    `The session action returned an invalid session: ${fields.join(', ')}.`,
  )
}
