import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createChatKitSessionAction } from '@chatkit-session/server'
import { API_KEY, startChatKitEmulator } from './setup.ts'

const CONCURRENT = 200

describe('load: 200 concurrent creations through the action, over HTTP on 127.0.0.1', () => {
  let emulator: Awaited<ReturnType<typeof startChatKitEmulator>>

  beforeAll(async () => {
    emulator = await startChatKitEmulator()
  })
  afterAll(() => emulator.stop())

  it('finishes with 0 errors and 200 distinct ids and secrets', { timeout: 30_000 }, async () => {
    const client = new OpenAI({ apiKey: API_KEY, baseURL: emulator.baseURL, maxRetries: 0 })
    const create = createChatKitSessionAction({
      client,
      getUser: () => 'user_load',
      workflow: { id: 'wf_load' },
    })
    const results = await Promise.all(Array.from({ length: CONCURRENT }, () => create()))
    const failures = results.filter((result) => !result.ok)
    expect(failures).toEqual([])
    const sessions = results.flatMap((result) => (result.ok ? [result.session] : []))
    expect(new Set(sessions.map((session) => session.id)).size).toBe(CONCURRENT)
    expect(new Set(sessions.map((session) => session.client_secret)).size).toBe(CONCURRENT)
    expect(emulator.requests.filter((request) => request.status === 200)).toHaveLength(CONCURRENT)
  })
})
