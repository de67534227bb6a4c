import { describe, expect, it } from 'vitest'
import { prefetchChatKitSession } from '../prefetchChatKitSession.ts'

describe('prefetchChatKitSession', () => {
  it('passes the action result through', async () => {
    const result = {
      ok: true as const,
      session: { client_secret: 'ek_1', expires_at: 2, status: 'active' as const },
    }
    await expect(prefetchChatKitSession(async () => result)).resolves.toBe(result)
  })

  it('never rejects: a throw becomes a server_error value, without the thrown message', async () => {
    const outcome = await prefetchChatKitSession(async () => {
      throw new Error('sk-secret-in-a-message')
    })
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'server_error', message: 'The session could not be prefetched.' },
    })
  })
})
