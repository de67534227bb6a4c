import { ChatKitSessionError, type ClientSession, type SessionTiming } from '@chatkit-session/core'
import { describe, expect, it } from 'vitest'
import { deriveSessionState, type SessionStateInput } from '../deriveSessionState.ts'
import type { SessionData } from '../sessionData.ts'

// The state machine without React or TanStack: each row is a query state and a clock reading.

const NOW = 1_000_000
const session: ClientSession = { client_secret: 'ek_live', expires_at: 2_000, status: 'active' }
const timing: SessionTiming = {
  deadline: NOW + 60_000,
  lifetimeMs: 600_000,
  source: 'server_time',
  requestedAt: NOW - 540_000,
  refreshAt: NOW + 10_000,
}
const issued: SessionData = { state: 'issued', session, timing }
const serverError = new ChatKitSessionError('server_error', 'down')
const unauthorized = new ChatKitSessionError('unauthorized', 'no user')

const input = (overrides: Partial<SessionStateInput>): SessionStateInput => ({
  data: undefined,
  error: null,
  failureReason: null,
  failureCount: 0,
  isFetching: false,
  enabled: true,
  now: NOW,
  ...overrides,
})

describe('deriveSessionState', () => {
  it.each<[string, Partial<SessionStateInput>, Record<string, unknown>]>([
    [
      'disabled, whatever is cached',
      { enabled: false, data: issued },
      { status: 'idle', clientSecret: undefined },
    ],
    ['nothing yet', { isFetching: true }, { status: 'loading', clientSession: undefined, error: null }],
    [
      'the first session failed, retrying',
      { failureReason: serverError, failureCount: 1, isFetching: true },
      { status: 'error', error: serverError },
    ],
    [
      'a live secret',
      { data: issued },
      { status: 'active', clientSecret: 'ek_live', expiresAt: timing.deadline },
    ],
    [
      'a live secret, its successor on its way',
      { data: issued, isFetching: true },
      { status: 'refreshing', clientSecret: 'ek_live' },
    ],
    [
      'a live secret, a failed refresh retrying',
      { data: issued, isFetching: true, failureCount: 2, failureReason: serverError },
      { status: 'active', clientSecret: 'ek_live', error: null },
    ],
    [
      'the secret at its deadline',
      { data: issued, now: timing.deadline },
      { status: 'expired', clientSecret: undefined, clientSession: session },
    ],
    [
      'past the deadline, retrying',
      { data: issued, now: timing.deadline + 1, failureReason: serverError },
      { status: 'expired', error: serverError },
    ],
    [
      'a non-retryable error, even with a live secret cached',
      { data: issued, error: unauthorized },
      { status: 'error', clientSecret: undefined, error: unauthorized, clientSession: session },
    ],
    [
      'cancelled',
      { data: { state: 'cancelled', session, timing } },
      { status: 'cancelled', clientSecret: undefined, expiresAt: timing.deadline },
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(deriveSessionState(input(overrides))).toMatchObject(expected)
  })

  it('a session the API reports cancelled or expired is not alive, whatever the clock says', () => {
    for (const status of ['cancelled', 'expired'] as const) {
      const data: SessionData = { state: 'issued', session: { ...session, status }, timing }
      expect(deriveSessionState(input({ data }))).toMatchObject({
        status: 'expired',
        clientSecret: undefined,
      })
    }
  })
})
