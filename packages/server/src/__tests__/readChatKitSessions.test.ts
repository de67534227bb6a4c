import OpenAI from 'openai'
import { describe, expect, it, vi } from 'vitest'
import { createChatKitCancelAction } from '../createChatKitCancelAction.ts'
import { createChatKitSessionAction } from '../createChatKitSessionAction.ts'
import { OPENAI_CHATKIT_MIN_VERSION, readChatKitSessions } from '../readChatKitSessions.ts'
import { API_KEY, loose } from './setup.ts'

// What an `openai` client before 6.2.0 looks like to the actions: a `beta` without `chatkit`.
const withoutChatKit = [
  ['a client whose beta has no chatkit (openai < 6.2.0)', { beta: { assistants: {}, threads: {} } }],
  ['a client without beta', {}],
  ['chatkit without sessions', { beta: { chatkit: {} } }],
  ['sessions without cancel', { beta: { chatkit: { sessions: { create: () => Promise.resolve({}) } } } }],
  ['not an object', 'sk-not-a-client'],
] as const

const expectedError = {
  code: 'unsupported',
  message: `The OpenAI client has no beta.chatkit.sessions: ChatKit sessions need openai >= ${OPENAI_CHATKIT_MIN_VERSION} on the server.`,
}

describe('an OpenAI client without beta.chatkit', () => {
  it('names 6.2.0, the first openai with ChatKit sessions', () => {
    expect(OPENAI_CHATKIT_MIN_VERSION).toBe('6.2.0')
  })

  it('finds the sessions of a real client of the installed openai', () => {
    const client = new OpenAI({ apiKey: API_KEY, baseURL: 'http://127.0.0.1:9/v1' })
    expect(readChatKitSessions(client)).toBe(client.beta.chatkit.sessions)
  })

  it.each(withoutChatKit)('create fails at once with unsupported for %s', async (_, client) => {
    const getUser = vi.fn(() => 'user_1')
    const onError = vi.fn()
    const action = createChatKitSessionAction({
      client: loose(client),
      getUser,
      workflow: { id: 'wf' },
      onError,
    })
    const result = await action()
    expect(result).toEqual({ ok: false, error: expectedError })
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ ...expectedError, retryable: false }),
      expect.objectContaining({ action: 'create', user: undefined, upstream: undefined }),
    )
    // Before anything else: the user is not even asked.
    expect(getUser).not.toHaveBeenCalled()
  })

  it.each(withoutChatKit)('cancel fails at once with unsupported for %s', async (_, client) => {
    const getUser = vi.fn(() => 'user_1')
    const action = createChatKitCancelAction({
      client: loose(client),
      getUser,
      cancelSecret: 'c'.repeat(32),
    })
    expect(await action('cksess_abc')).toEqual({ ok: false, error: expectedError })
    expect(getUser).not.toHaveBeenCalled()
  })
})
