import { readSessionResult } from '@chatkit-session/core'
import OpenAI from 'openai'
import { afterAll, describe, expect, it, vi } from 'vitest'
import {
  createChatKitCancelAction,
  createChatKitSessionAction,
  createChatKitTokenAction,
  type OnChatKitError,
} from '@chatkit-session/server'
import { API_KEY, sessionElsewhere, startChatKitEmulator } from './setup.ts'

// The failures ChatKit users hit most, from the SDK through the action: what the browser gets
// (code and our message only) and what onError gets for the server's logs (issue 14).

const OTHER_PROJECT_KEY = 'sk-proj-OTHERPROJECT-0a1b2c3d4e5f6a7b8c9d'
const emulator = await startChatKitEmulator({
  apiKeys: [API_KEY, OTHER_PROJECT_KEY],
  apiKeyProjects: { [API_KEY]: 'proj_support', [OTHER_PROJECT_KEY]: 'proj_marketing' },
  workflows: {
    wf_support: { project: 'proj_support' },
    wf_agent_builder: { project: 'proj_support', retired: true },
  },
})
afterAll(() => emulator.stop())

const clientFor = (apiKey: string) => new OpenAI({ apiKey, baseURL: emulator.baseURL, maxRetries: 0 })

function createWith(workflowId: string, apiKey = API_KEY) {
  const onError = vi.fn<OnChatKitError>()
  const action = createChatKitSessionAction({
    client: clientFor(apiKey),
    getUser: () => 'user_42',
    workflow: { id: workflowId },
    onError,
  })
  return { action, onError }
}

describe('a workflow the API cannot serve', () => {
  it.each([
    ['an unknown workflow', 'wf_typo', API_KEY, 'workflow_not_found', "No workflow found with id 'wf_typo'"],
    [
      'a retired workflow (Agent Builder)',
      'wf_agent_builder',
      API_KEY,
      'workflow_retired',
      'has been retired',
    ],
    [
      'a workflow in another project than the key',
      'wf_support',
      OTHER_PROJECT_KEY,
      'workflow_not_found',
      "in project 'proj_marketing'",
    ],
  ])(
    '%s: the browser gets workflow_unavailable; onError gets what the API said and the way out',
    async (_name, id, key, upstreamCode, upstreamText) => {
      const { action, onError } = createWith(id, key)
      const result = await action()

      // The browser: our code and message, nothing the API wrote, no key.
      expect(result).toMatchObject({ ok: false, error: { code: 'workflow_unavailable' } })
      const sent = JSON.stringify(result)
      expect(sent).toContain('unknown, retired, or in another project')
      expect(sent).not.toContain(upstreamText)
      expect(sent).not.toContain(id)
      expect(sent).not.toContain(key)
      const browserError = readSessionResult(result)
      expect(browserError).toMatchObject({ code: 'workflow_unavailable', retryable: false })

      // The server's log: what the API said, as it said it, and the self-hosted path.
      expect(onError).toHaveBeenCalledTimes(1)
      const [error, context] = onError.mock.calls[0] ?? []
      expect(error?.code).toBe('workflow_unavailable')
      expect(context).toMatchObject({
        action: 'create',
        user: 'user_42',
        upstream: {
          status: 404,
          type: 'invalid_request_error',
          code: upstreamCode,
          requestId: expect.stringMatching(/^req_/),
        },
      })
      expect(context?.upstream?.message).toContain(upstreamText)
      expect(context?.hint).toContain('2026-11-30')
      expect(context?.hint).toContain('createChatKitTokenAction')
      expect(context?.hint).toContain('useChatKitApi({ url, domainKey })')
      expect(JSON.stringify(context)).not.toContain(key)
    },
  )

  it("a workflow of the key's own project still works", async () => {
    const { action, onError } = createWith('wf_support')
    expect(await action()).toMatchObject({ ok: true, session: { workflow: { id: 'wf_support' } } })
    expect(onError).not.toHaveBeenCalled()
  })
})

describe('what onError gets for other failures', () => {
  it('a refused API key: upstream status and request id, the key masked out of the message', async () => {
    const leaked = 'sk-proj-NOTACCEPTED-9f8e7d6c5b4a39281706'
    const { action, onError } = createWith('wf_support', leaked)
    const result = await action()
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    const [, context] = onError.mock.calls[0] ?? []
    expect(context?.upstream).toMatchObject({ status: 401, code: 'invalid_api_key' })
    expect(context?.upstream?.message).toContain('Incorrect API key provided: [redacted]')
    for (const part of [leaked, leaked.slice(0, 12), leaked.slice(-4)]) {
      expect(JSON.stringify([result, context])).not.toContain(part)
    }
  })

  it('no signed-in user: the action and no upstream', async () => {
    const onError = vi.fn<OnChatKitError>()
    await createChatKitSessionAction({
      client: clientFor(API_KEY),
      getUser: () => null,
      workflow: { id: 'wf_support' },
      onError,
    })()
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'unauthorized' }), {
      action: 'create',
      user: undefined,
      upstream: undefined,
      hint: expect.stringContaining('getUser'),
    })
  })

  it("cancel of an unknown session: the user, the API's 404 (not a workflow failure)", async () => {
    const onError = vi.fn<OnChatKitError>()
    const cancelSecret = 'c'.repeat(32)
    const cancel = createChatKitCancelAction({
      client: clientFor(API_KEY),
      getUser: () => 'user_7',
      cancelSecret,
      onError,
    })
    const unknown = await sessionElsewhere('user_7', cancelSecret)
    expect(await cancel(unknown.id, unknown.cancel_handle)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
    const [, context] = onError.mock.calls[0] ?? []
    expect(context).toMatchObject({
      action: 'cancel',
      user: 'user_7',
      upstream: { status: 404, code: 'not_found' },
    })
  })

  it('the token action: its action and user, no upstream', async () => {
    const onError = vi.fn<OnChatKitError>()
    const mint = createChatKitTokenAction({
      secret: 'x'.repeat(32),
      audience: 'chatkit',
      getUser: () => 'user_9',
      claims: () => ({ iss: 'not allowed' }),
      onError,
    })
    expect(await mint()).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'bad_request' }), {
      action: 'token',
      user: 'user_9',
      upstream: undefined,
      hint: undefined,
    })
  })
})
