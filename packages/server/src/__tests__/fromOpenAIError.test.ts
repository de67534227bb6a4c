import OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import { readRetryAfterMs } from '@chatkit-session/core'
import { fromOpenAIError } from '../fromOpenAIError.ts'

const NOW = Date.UTC(2030, 0, 1)

function apiError(status: number, headers: Record<string, string> = {}, body?: object): unknown {
  return OpenAI.APIError.generate(
    status,
    body ?? { error: { message: 'raw API message' } },
    undefined,
    new Headers(headers),
  )
}

describe('fromOpenAIError', () => {
  it.each([
    [400, 'bad_request', false],
    [401, 'unauthorized', false],
    [403, 'forbidden', false],
    [404, 'not_found', false],
    [409, 'bad_request', false],
    [422, 'bad_request', false],
    [429, 'rate_limited', true],
    [500, 'server_error', true],
    [502, 'server_error', true],
  ] as const)('maps HTTP %i to %s', (status, code, retryable) => {
    const error = fromOpenAIError(apiError(status), NOW)
    expect(error).toMatchObject({ code, retryable, retryAfterMs: undefined })
    expect(error.message).toContain(`HTTP ${status}`)
  })

  it('writes its own message: the SDK message (which may quote a body) and the cause are dropped', () => {
    const error = fromOpenAIError(
      apiError(
        401,
        { 'x-request-id': 'req_abc123' },
        {
          error: { message: 'Incorrect API key provided: sk-proj-****9xyz', param: null },
        },
      ),
      NOW,
    )
    expect(error.message).toBe('The ChatKit API rejected the server API key (HTTP 401, request req_abc123).')
    expect(error.cause).toBeUndefined()
  })

  it('names a param that looks like a field, and drops one that does not', () => {
    const named = fromOpenAIError(
      apiError(400, {}, { error: { message: 'x', param: 'expires_after.seconds' } }),
      NOW,
    )
    expect(named.message).toContain('param expires_after.seconds')
    const odd = fromOpenAIError(
      apiError(400, {}, { error: { message: 'x', param: 'ek_secret value here' } }),
      NOW,
    )
    expect(odd.message).not.toContain('ek_secret')
  })

  it('reads retryAfterMs from retry-after-ms, then retry-after seconds or date, for 429 and 5xx', () => {
    expect(
      fromOpenAIError(apiError(429, { 'retry-after-ms': '1500', 'retry-after': '9' }), NOW).retryAfterMs,
    ).toBe(1500)
    expect(fromOpenAIError(apiError(429, { 'retry-after': '2' }), NOW).retryAfterMs).toBe(2000)
    expect(fromOpenAIError(apiError(503, { 'retry-after': '0.5' }), NOW).retryAfterMs).toBe(500)
    const date = new Date(NOW + 30_000).toUTCString()
    expect(fromOpenAIError(apiError(429, { 'retry-after': date }), NOW).retryAfterMs).toBe(30_000)
    expect(fromOpenAIError(apiError(400, { 'retry-after': '2' }), NOW).retryAfterMs).toBeUndefined()
  })

  it('ignores retry headers it cannot read', () => {
    expect(readRetryAfterMs(new Headers({ 'retry-after': 'soon' }), NOW)).toBeUndefined()
    expect(readRetryAfterMs(new Headers({ 'retry-after': '-3' }), NOW)).toBeUndefined()
    expect(readRetryAfterMs(new Headers({ 'retry-after-ms': 'x', 'retry-after': '1' }), NOW)).toBe(1000)
    expect(readRetryAfterMs(new Headers({ 'retry-after': new Date(NOW - 5_000).toUTCString() }), NOW)).toBe(0)
    expect(readRetryAfterMs(undefined, NOW)).toBeUndefined()
  })

  it('maps connection failures, timeouts and aborts to network', () => {
    expect(fromOpenAIError(new OpenAI.APIConnectionError({ message: 'fetch failed' }), NOW)).toMatchObject({
      code: 'network',
      retryable: true,
    })
    expect(fromOpenAIError(new OpenAI.APIConnectionTimeoutError(), NOW)).toMatchObject({
      code: 'network',
      message: 'The ChatKit API did not answer in time.',
    })
    expect(fromOpenAIError(new OpenAI.APIUserAbortError(), NOW).code).toBe('network')
  })

  it('maps anything else to server_error without copying its message', () => {
    const syntax = fromOpenAIError(new SyntaxError('Unexpected token in "{"client_secret":"ek_1'), NOW)
    expect(syntax).toMatchObject({ code: 'server_error' })
    expect(syntax.message).not.toContain('ek_1')
    const other = fromOpenAIError(new Error('boom sk-proj-key'), NOW)
    expect(other).toMatchObject({ code: 'server_error', message: 'The ChatKit session request failed.' })
    expect(fromOpenAIError('a string', NOW).code).toBe('server_error')
  })
})
