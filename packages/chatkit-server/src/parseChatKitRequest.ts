import { isRecord } from '@chatkit-session/core'
import type { ChatKitRequestError } from './chatKitServer.ts'
import { REQUEST_TYPES, chatKitRequestSchema, type ChatKitRequest } from './chatKitRequest.ts'

/** What {@link parseChatKitRequest} found: a valid request, or the first thing wrong with it. */
export type ParsedChatKitRequest =
  { ok: true; request: ChatKitRequest } | { ok: false; error: ChatKitRequestError }

/**
 * Validates a parsed JSON body against the 16 request types. The error names the field at fault
 * as a dotted path and what was expected there; it never repeats a value of the request.
 */
export function parseChatKitRequest(body: unknown): ParsedChatKitRequest {
  if (!isRecord(body)) return invalid('', 'the request body must be a JSON object')
  if (typeof body.type !== 'string') return invalid('type', 'expected a string naming the request type')
  if (!(REQUEST_TYPES as readonly string[]).includes(body.type))
    return invalid('type', `unknown request type; expected one of ${REQUEST_TYPES.join(', ')}`)
  const result = chatKitRequestSchema.safeParse(body, { reportInput: false })
  if (result.success) return { ok: true, request: result.data }
  const issue = result.error.issues[0]
  // A key of a record (a structured input's `answers`) comes from the browser: it shows as `*`.
  const path =
    issue?.path.map((segment, i) => (issue.path[i - 1] === 'answers' ? '*' : String(segment))).join('.') ?? ''
  // zod's messages name what was expected and the type received, never the value.
  return invalid(path, issue?.message ?? 'invalid request')
}

function invalid(path: string, what: string): ParsedChatKitRequest {
  return {
    ok: false,
    error: { code: 'invalid_request', message: path ? `${path}: ${what}` : what, ...(path ? { path } : {}) },
  }
}
