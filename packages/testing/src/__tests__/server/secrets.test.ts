import type { ChatKitSessionError } from '@chatkit-session/core'
import OpenAI from 'openai'
import * as z from 'zod/mini'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createChatKitCancelAction, createChatKitSessionAction } from '@chatkit-session/server'
import {
  API_KEY,
  captureConsole,
  renderForLeakCheck,
  sessionElsewhere,
  startChatKitEmulator,
} from './setup.ts'

const CANCEL_SECRET = 'cancel-secret-LEAKCHECK-9b2e7d4a1c6f3e8b'

describe('the API key never leaves the server', () => {
  let emulator: Awaited<ReturnType<typeof startChatKitEmulator>>
  let other: Awaited<ReturnType<typeof startChatKitEmulator>>

  beforeAll(async () => {
    emulator = await startChatKitEmulator({ rateLimit: { requestsPerMinute: 4 } })
    other = await startChatKitEmulator({ apiKeys: ['sk-the-only-valid-key'] })
  })
  afterAll(async () => {
    await emulator.stop()
    await other.stop()
  })

  it('appears in no result, error or log line, on any path', async () => {
    const { logged, restore } = captureConsole()
    const errors: ChatKitSessionError[] = []
    const onError = (error: ChatKitSessionError) => errors.push(error)
    const client = new OpenAI({ apiKey: API_KEY, baseURL: emulator.baseURL, maxRetries: 0 })
    const config = {
      client,
      getUser: () => 'user_1',
      workflow: { id: 'wf' },
      cancelSecret: CANCEL_SECRET,
      onError,
    }
    const create = createChatKitSessionAction({ ...config, stateVariables: z.object({ locale: z.string() }) })
    const cancel = createChatKitCancelAction(config)
    const results: unknown[] = []
    const secrets: string[] = []
    try {
      const first = await create({ state_variables: { locale: 'en' } })
      results.push(first)
      results.push(
        await cancel(first.ok ? (first.session.id ?? '') : '', first.ok ? first.session.cancel_handle : ''),
      )
      const unknown = await sessionElsewhere('user_1', CANCEL_SECRET)
      results.push(await cancel(unknown.id, unknown.cancel_handle))
      results.push(await create({ state_variables: { locale: 5 } }))
      results.push(await createChatKitSessionAction({ ...config, expiresAfterSeconds: 900 })())
      results.push(await createChatKitSessionAction({ ...config, getUser: () => null })())
      results.push(await create({ state_variables: { locale: 'en' } }))
      results.push(await create({ state_variables: { locale: 'en' } })) // the 5th request: over the limit
      secrets.push(...emulator.listSessions().map((session) => session.client_secret))
      emulator.reset()
      emulator.setFaults({ malformedJson: true })
      results.push(await createChatKitSessionAction(config)())
      emulator.setFaults({ malformedJson: false, dropConnection: true })
      results.push(await createChatKitSessionAction(config)())
      emulator.setFaults({ dropConnection: false, status: 500 })
      results.push(await createChatKitSessionAction(config)())
      const wrongKeyClient = new OpenAI({ apiKey: API_KEY, baseURL: other.baseURL, maxRetries: 0 })
      results.push(await createChatKitSessionAction({ ...config, client: wrongKeyClient })())
    } finally {
      restore()
    }

    const codes = results.map((result) => (result as { error?: { code: string } }).error?.code ?? 'ok')
    expect(codes).toEqual([
      'ok',
      'ok',
      'not_found',
      'bad_request',
      'bad_request',
      'unauthorized',
      'ok',
      'rate_limited',
      'server_error',
      'network',
      'server_error',
      'unauthorized',
    ])
    expect(errors).toHaveLength(codes.filter((code) => code !== 'ok').length)

    const everything = [JSON.stringify(results), renderForLeakCheck(errors, logged)].join('\n')
    expect(everything).not.toContain(API_KEY)
    expect(everything).not.toContain(CANCEL_SECRET)
    // The emulator's 401 masks the key as the API does (`sk-****...8e0f`): not even that may show.
    expect(everything).not.toContain(`****${API_KEY.slice(-4)}`)

    // Secrets appear only in the client_secret of a success, never in an error or a log line.
    secrets.push(...emulator.listSessions().map((session) => session.client_secret))
    expect(secrets.length).toBeGreaterThan(2)
    const failuresAndLogs = [
      renderForLeakCheck(errors, logged),
      JSON.stringify(results.filter((result) => !(result as { ok: boolean }).ok)),
    ].join('\n')
    for (const secret of secrets) expect(failuresAndLogs).not.toContain(secret.slice(3, 15))
  })
})
