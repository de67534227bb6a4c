import { describe, expect, it } from 'vitest'
import { chatSessionSchema } from '../chatSession.ts'
import { clientSessionSchema } from '../clientSession.ts'
import { ChatKitSessionError } from '../chatKitSessionError.ts'
import { readSessionResult } from '../sessionActionResult.ts'
import { MAX_ISSUES_MESSAGE_LENGTH, formatIssues } from '../formatIssues.ts'
import { legacyExampleResponse, sdkSession } from './fixtures.ts'

describe('chatSessionSchema', () => {
  it('parses the full resource', () => {
    expect(chatSessionSchema.parse(sdkSession)).toEqual(sdkSession)
  })

  it.each(['active', 'expired', 'cancelled'])('accepts status %s', (status) => {
    expect(chatSessionSchema.safeParse({ ...sdkSession, status }).success).toBe(true)
  })

  it('rejects an unknown status and a missing id', () => {
    expect(chatSessionSchema.safeParse({ ...sdkSession, status: 'paused' }).success).toBe(false)
    const { id: _id, ...withoutId } = sdkSession
    expect(chatSessionSchema.safeParse(withoutId).success).toBe(false)
  })

  it('rejects the legacy example response, which contradicts the schema', () => {
    expect(chatSessionSchema.safeParse(legacyExampleResponse).success).toBe(false)
  })
})

describe('clientSessionSchema', () => {
  it('parses an SDK session and keeps its other keys', () => {
    const parsed = clientSessionSchema.parse(sdkSession)
    expect(parsed.client_secret).toBe(sdkSession.client_secret)
    expect(parsed.id).toBe('cksess_123')
    expect(parsed).toMatchObject({ user: 'user_789', object: 'chatkit.session' })
  })

  it('parses the legacy example response (no id, extra scope fields)', () => {
    const parsed = clientSessionSchema.parse(legacyExampleResponse)
    expect(parsed.expires_at).toBe(1735689600)
    expect(parsed.id).toBeUndefined()
    expect(parsed).toMatchObject({ max_requests_per_session: 500 })
  })

  it('accepts a cancel_handle string, and refuses one that is not a short string', () => {
    const session = { client_secret: 'ek_1', expires_at: 1, cancel_handle: 'a'.repeat(43) }
    expect(clientSessionSchema.parse(session).cancel_handle).toBe('a'.repeat(43))
    expect(clientSessionSchema.safeParse({ ...session, cancel_handle: 42 }).success).toBe(false)
    expect(clientSessionSchema.safeParse({ ...session, cancel_handle: 'a'.repeat(257) }).success).toBe(false)
  })

  it('accepts server_time', () => {
    expect(
      clientSessionSchema.parse({ client_secret: 's', expires_at: 100, server_time: 90 }).server_time,
    ).toBe(90)
  })

  it.each([
    ['an empty secret', { client_secret: '', expires_at: 1 }, 'client_secret'],
    ['a numeric secret', { client_secret: 123, expires_at: 1 }, 'client_secret'],
    ['no expiry', { client_secret: 's' }, 'expires_at'],
    ['an infinite expiry', { client_secret: 's', expires_at: Infinity }, 'expires_at'],
    ['a string expiry', { client_secret: 's', expires_at: '1' }, 'expires_at'],
    ['an unknown status', { client_secret: 's', expires_at: 1, status: 'gone' }, 'status'],
  ])('rejects %s', (_name, input, path) => {
    const result = clientSessionSchema.safeParse(input)
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([path])
  })

  it('never puts the secret in a validation error', () => {
    const secret = 'ek_live_very_secret_value'
    const error = readSessionResult({ client_secret: secret, expires_at: 'soon' })
    expect(error).toBeInstanceOf(ChatKitSessionError)
    const seen = JSON.stringify(error) + String(error) + (error instanceof Error ? (error.stack ?? '') : '')
    expect(seen).not.toContain(secret)
    const zodError = clientSessionSchema.safeParse({ client_secret: secret, expires_at: 'soon' }).error
    expect(JSON.stringify(zodError?.issues)).not.toContain(secret)
  })
})

describe('formatIssues', () => {
  it('names the path and the rule of every issue', () => {
    const result = clientSessionSchema.safeParse({ client_secret: '', expires_at: 'soon', status: 'gone' })
    expect(formatIssues(result.error?.issues ?? [])).toBe(
      'client_secret: must be at least 1; expires_at: expected number; status: expected one of "active", "expired", "cancelled"',
    )
  })
})

describe('formatIssues with keys chosen by the browser', () => {
  it('prints only keys of the safe pattern, [key] for any other', () => {
    const forged = 'locale\n2030-01-01T00:00:00Z INFO admin signed in'
    const message = formatIssues([
      { path: ['state_variables', forged], message: 'expected string' },
      { path: ['state_variables', 'locale_2', 0], message: 'expected string' },
    ])
    expect(message).toBe(
      'state_variables.[key]: expected string; state_variables.locale_2.0: expected string',
    )
    expect(message).not.toContain('\n')
  })

  it(`caps the message at ${MAX_ISSUES_MESSAGE_LENGTH} characters, whatever the issues`, () => {
    const many = Array.from({ length: 5_000 }, (_, index) => ({
      path: ['state_variables', `key_${index}`],
      message: 'expected string',
    }))
    const message = formatIssues(many)
    expect(message.length).toBeLessThanOrEqual(MAX_ISSUES_MESSAGE_LENGTH)
    expect(message.startsWith('state_variables.key_0: expected string; ')).toBe(true)
    expect(message.endsWith('…')).toBe(true)
  })
})
