// @vitest-environment node
import { readSessionResult, type ChatKitSessionError } from '@chatkit-session/core'
import { createSessionFetcher } from '@chatkit-session/react'
import { createChatKitSessionHandler } from '@chatkit-session/server/fetch'
import { createChatKitEmulator, type EmulatorFaults } from '@chatkit-session/testing/emulator'
import OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import { createChatKitSessionAction } from '../packages/server/src/createChatKitSessionAction.ts'

// The browser's two paths to a session must be indistinguishable to the hook: a server action's
// result, and the fetcher reading the Fetch handler's HTTP answer. For each condition of the
// API, both are read with core's `readSessionResult` and must give the same code and retry delay.

const ORIGIN = 'https://app.example'

function paths(faults: Partial<EmulatorFaults>, workflowId = 'wf_ok') {
  const emulator = createChatKitEmulator({ workflows: { wf_ok: {}, wf_retired: { retired: true } } })
  emulator.setFaults(faults)
  const client = new OpenAI({
    apiKey: 'sk-contract',
    baseURL: emulator.baseURL,
    fetch: emulator.fetch,
    maxRetries: 0,
  })
  const config = { client, workflow: { id: workflowId } }
  const action = createChatKitSessionAction({ ...config, getUser: () => 'user_1' })
  const handler = createChatKitSessionHandler({ ...config, getUser: () => 'user_1' })
  const fetcher = createSessionFetcher(`${ORIGIN}/api/chatkit/session`, {
    // The browser's fetch, in process: the request the fetcher builds, with the Origin a browser adds.
    fetch: (url, init) => {
      const request = new Request(url, init)
      request.headers.set('origin', ORIGIN)
      return handler(request)
    },
  })
  return { action, fetcher }
}

const outcome = (value: unknown) => {
  const read = readSessionResult(value)
  return 'code' in read
    ? { code: (read as ChatKitSessionError).code, retryAfterMs: (read as ChatKitSessionError).retryAfterMs }
    : { ok: true }
}

const conditions: [string, Partial<EmulatorFaults>, string?][] = [
  ['a healthy API', {}],
  ['401 (a bad API key)', { status: 401 }],
  ['403', { status: 403 }],
  ['400', { status: 400 }],
  ['429 with retry-after', { status: 429 }],
  ['500', { status: 500 }],
  ['503', { status: 503 }],
  ['a dropped connection', { dropConnection: true }],
  ['a body cut in half', { malformedJson: true }],
  ['an expired session', { expiredSessions: true }],
  ['a retired workflow', {}, 'wf_retired'],
]

describe('the fetcher over the Fetch handler reads as the server action does', () => {
  it.each(conditions)('%s', async (_name, faults, workflowId) => {
    const { action, fetcher } = paths(faults, workflowId)
    const [viaAction, viaHttp] = await Promise.all([action(), fetcher()])
    expect(outcome(viaHttp)).toEqual(outcome(viaAction))
  })
})
