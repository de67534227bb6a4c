import { createRequestId } from './sessionTokens.ts'

/** The body of an OpenAI API error. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null }
}

/** A JSON response with the headers the API always sends. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json',
      'x-request-id': createRequestId(),
      ...headers,
    },
  })
}

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'invalid_request_error',
  404: 'invalid_request_error',
  429: 'requests',
}

/**
 * An OpenAI-style error response: `{ error: { message, type, param, code } }`. Messages never
 * repeat the API key or a secret.
 */
export function openAIErrorResponse(
  status: number,
  message: string,
  details: {
    param?: string | null
    code?: string | null
    type?: string
    headers?: Record<string, string>
  } = {},
): Response {
  const body: OpenAIErrorBody = {
    error: {
      message,
      type: details.type ?? TYPE_BY_STATUS[status] ?? 'server_error',
      param: details.param ?? null,
      code: details.code ?? null,
    },
  }
  return jsonResponse(status, body, details.headers)
}
