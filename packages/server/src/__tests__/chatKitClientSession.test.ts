import { describe, expect, it } from 'vitest'
import { ChatKitSessionError } from '@chatkit-session/core'
import { toChatKitClientSession } from '../chatKitClientSession.ts'

describe('toChatKitClientSession', () => {
  it('keeps a session of the API reference example shape: no id, defaults status to active', () => {
    const session = toChatKitClientSession(
      {
        client_secret: 'chatkit_token_123',
        expires_at: 1735689600,
        workflow: { id: 'workflow_alpha', version: '2024-10-01' },
        scope: { project: 'alpha' },
        max_requests_per_session: 500,
      },
      1735689000.5,
    )
    expect(session).toEqual({
      client_secret: 'chatkit_token_123',
      expires_at: 1735689600,
      status: 'active',
      server_time: 1735689000.5,
    })
  })

  it('turns an answer without a secret into server_error naming the field, not the value', () => {
    const error = toChatKitClientSession({ client_secret: '', expires_at: 'tomorrow-ek_leak' }, 1)
    expect(error).toBeInstanceOf(ChatKitSessionError)
    expect(error).toMatchObject({ code: 'server_error' })
    const { message } = error as ChatKitSessionError
    expect(message).toContain('client_secret')
    expect(message).toContain('expires_at')
    expect(message).not.toContain('ek_leak')
  })
})
