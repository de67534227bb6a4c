import { describe, expect, it } from 'vitest'
import { ChatKitSessionError, errorCodeFromStatus, toChatKitSessionError } from '../chatKitSessionError.ts'
import { readSessionResult } from '../sessionActionResult.ts'
import { sdkSession } from './fixtures.ts'

describe('readSessionResult', () => {
  it('reads a raw SDK session', () => {
    expect(readSessionResult(sdkSession)).toMatchObject({
      id: 'cksess_123',
      client_secret: sdkSession.client_secret,
    })
  })

  it('reads a successful action result', () => {
    const session = { id: 'cksess_1', client_secret: 'ek_1', expires_at: 100, server_time: 40 }
    expect(readSessionResult({ ok: true, session })).toEqual(session)
  })

  it('turns a failed action result into a typed error with its retry hint', () => {
    const error = readSessionResult({
      ok: false,
      error: { code: 'rate_limited', message: 'Slow down', retryAfterMs: 2500 },
    })
    expect(error).toBeInstanceOf(ChatKitSessionError)
    expect(error).toMatchObject({
      code: 'rate_limited',
      message: 'Slow down',
      retryable: true,
      retryAfterMs: 2500,
    })
  })

  it('marks unauthorized as not retryable', () => {
    expect(
      readSessionResult({ ok: false, error: { code: 'unauthorized', message: 'Sign in' } }),
    ).toMatchObject({
      code: 'unauthorized',
      retryable: false,
    })
  })

  it.each([
    ['undefined', undefined],
    ['a string', 'ek_123'],
    ['a result without a session', { ok: true }],
    ['a session without expiry', { ok: true, session: { client_secret: 'ek' } }],
    ['a failure with an unknown code', { ok: false, error: { code: 'teapot', message: 'x' } }],
  ])('returns invalid_response for %s', (_name, value) => {
    expect(readSessionResult(value)).toMatchObject({ code: 'invalid_response', retryable: false })
  })
})

describe('ChatKitSessionError', () => {
  it('maps HTTP statuses to codes', () => {
    expect([200, 400, 401, 403, 404, 409, 422, 429, 500, 503].map(errorCodeFromStatus)).toEqual([
      undefined,
      'bad_request',
      'unauthorized',
      'forbidden',
      'not_found',
      'bad_request',
      'bad_request',
      'rate_limited',
      'server_error',
      'server_error',
    ])
  })

  it('wraps foreign errors without copying their message', () => {
    const wrapped = toChatKitSessionError(new TypeError('fetch failed for key sk-test-123'))
    expect(wrapped.code).toBe('network')
    expect(wrapped.message).not.toContain('sk-test-123')
    expect(toChatKitSessionError(new Error('boom sk-test-123'))).toMatchObject({
      code: 'server_error',
      retryable: true,
    })
    const ours = new ChatKitSessionError('forbidden', 'no')
    expect(toChatKitSessionError(ours)).toBe(ours)
  })
})
