import { chatSessionSchema } from '@chatkit-session/core'
import { z as zodClassic } from 'zod'
import * as z from 'zod/mini'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createChatKitSessionAction, type CreateChatKitSessionActionConfig } from '@chatkit-session/server'
import { loose, transports, type Harness } from './setup.ts'

const workflow = { id: 'wf_support' }
const manyVariables = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, i]))

// Each row: a config that breaks one constraint, and the field the message must name.
const invalidConfigs: [string, Partial<CreateChatKitSessionActionConfig>, string][] = [
  ['an empty user id', { getUser: () => '' }, 'user'],
  ['an empty workflow id', { workflow: { id: '' } }, 'workflow.id'],
  ['a workflow id that is not a string', { workflow: loose({ id: 7 }) }, 'workflow.id'],
  ['a numeric workflow version', { workflow: loose({ id: 'wf', version: 3 }) }, 'workflow.version'],
  [
    'tracing.enabled not a boolean',
    { workflow: loose({ id: 'wf', tracing: { enabled: 'yes' } }) },
    'workflow.tracing.enabled',
  ],
  [
    'a state variable holding an object',
    { workflow: loose({ id: 'wf', state_variables: { nested: { a: 1 } } }) },
    'workflow.state_variables.nested',
  ],
  [
    'a state variable holding null',
    { workflow: loose({ id: 'wf', state_variables: { gone: null } }) },
    'workflow.state_variables.gone',
  ],
  [
    'a state variable key of 65 characters',
    { workflow: { id: 'wf', state_variables: { ['k'.repeat(65)]: 1 } } },
    'workflow.state_variables.[key]', // too long to print: over 64 characters
  ],
  [
    '65 state variables',
    { workflow: { id: 'wf', state_variables: manyVariables } },
    'workflow.state_variables',
  ],
  ['expiresAfterSeconds 0', { expiresAfterSeconds: 0 }, 'expires_after.seconds'],
  ['expiresAfterSeconds 601', { expiresAfterSeconds: 601 }, 'expires_after.seconds'],
  ['expiresAfterSeconds 1.5', { expiresAfterSeconds: 1.5 }, 'expires_after.seconds'],
  ['expiresAfterSeconds NaN', { expiresAfterSeconds: Number.NaN }, 'expires_after.seconds'],
  [
    'a rate limit of 0',
    { rateLimits: { max_requests_per_1_minute: 0 } },
    'rate_limits.max_requests_per_1_minute',
  ],
  [
    'a rate limit of 2.5',
    { rateLimits: { max_requests_per_1_minute: 2.5 } },
    'rate_limits.max_requests_per_1_minute',
  ],
  [
    'a negative rate limit',
    { rateLimits: { max_requests_per_1_minute: -1 } },
    'rate_limits.max_requests_per_1_minute',
  ],
  [
    'max_file_size 0',
    { chatkitConfiguration: { file_upload: { max_file_size: 0 } } },
    'chatkit_configuration.file_upload.max_file_size',
  ],
  [
    'max_file_size 513',
    { chatkitConfiguration: { file_upload: { max_file_size: 513 } } },
    'chatkit_configuration.file_upload.max_file_size',
  ],
  [
    'max_file_size 1.5',
    { chatkitConfiguration: { file_upload: { max_file_size: 1.5 } } },
    'chatkit_configuration.file_upload.max_file_size',
  ],
  [
    'max_files 0',
    { chatkitConfiguration: { file_upload: { max_files: 0 } } },
    'chatkit_configuration.file_upload.max_files',
  ],
  [
    'max_files 2.5',
    { chatkitConfiguration: { file_upload: { max_files: 2.5 } } },
    'chatkit_configuration.file_upload.max_files',
  ],
  [
    'uploads enabled not a boolean',
    { chatkitConfiguration: loose({ file_upload: { enabled: 1 } }) },
    'chatkit_configuration.file_upload.enabled',
  ],
  [
    'recent_threads 0',
    { chatkitConfiguration: { history: { recent_threads: 0 } } },
    'chatkit_configuration.history.recent_threads',
  ],
  [
    'recent_threads -3',
    { chatkitConfiguration: { history: { recent_threads: -3 } } },
    'chatkit_configuration.history.recent_threads',
  ],
  [
    'history enabled not a boolean',
    { chatkitConfiguration: loose({ history: { enabled: 'on' } }) },
    'chatkit_configuration.history.enabled',
  ],
  [
    'thread titling not a boolean',
    { chatkitConfiguration: loose({ automatic_thread_titling: { enabled: 'no' } }) },
    'chatkit_configuration.automatic_thread_titling.enabled',
  ],
  [
    'file_upload not an object',
    { chatkitConfiguration: loose({ file_upload: true }) },
    'chatkit_configuration.file_upload',
  ],
]

describe.each(transports)('createChatKitSessionAction, SDK over $name', ({ start }) => {
  let harness: Harness
  const extra: Harness[] = []

  const action = (config: Partial<CreateChatKitSessionActionConfig> = {}) =>
    createChatKitSessionAction({ client: harness.client, getUser: () => 'user_42', workflow, ...config })

  const startExtra = async (options: Parameters<typeof start>[0]) => {
    const other = await start(options)
    extra.push(other)
    return other
  }

  beforeAll(async () => {
    harness = await start()
  })
  afterEach(async () => {
    harness.emulator.reset()
    await Promise.all(extra.splice(0).map((other) => other.stop()))
  })
  afterAll(() => harness.stop())

  it('creates a session and returns only the browser part, with server_time read on arrival', async () => {
    const answeredBefore: number[] = []
    const now = () => {
      answeredBefore.push(harness.emulator.requests.length)
      return 1_900_000_000_123
    }
    const result = await action({
      now,
      expiresAfterSeconds: 300,
      workflow: { id: 'wf_support', version: '2', state_variables: { plan: 'pro' } },
      chatkitConfiguration: { file_upload: { enabled: true } },
    })()
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const [created] = harness.emulator.listSessions()
    expect(result.session).toEqual({
      id: created?.id,
      client_secret: created?.client_secret,
      expires_at: created?.expires_at,
      status: 'active',
      server_time: 1_900_000_000.123,
      workflow: { id: 'wf_support', version: '2' },
      chatkit_configuration: {
        automatic_thread_titling: { enabled: true },
        file_upload: { enabled: true, max_file_size: 512, max_files: 10 },
        history: { enabled: true, recent_threads: null },
      },
    })
    expect(answeredBefore).toEqual([1])
    expect(chatSessionSchema.parse(created)).toMatchObject({
      user: 'user_42',
      workflow: { state_variables: { plan: 'pro' } },
    })
    expect(JSON.parse(JSON.stringify(result))).toEqual(result)
  })

  it.each([null, undefined])(
    'answers unauthorized when getUser() returns %s, before the network',
    async (user) => {
      const result = await action({ getUser: async () => user })()
      expect(result).toEqual({
        ok: false,
        error: { code: 'unauthorized', message: expect.stringMatching(/signed-in user/) },
      })
      expect(harness.emulator.requests).toHaveLength(0)
    },
  )

  it('lets getUser throw through, so Next.js redirect() works', async () => {
    const redirect = new Error('NEXT_REDIRECT')
    await expect(
      action({
        getUser: () => {
          throw redirect
        },
      })(),
    ).rejects.toBe(redirect)
  })

  it.each(invalidConfigs)('rejects %s before the network, naming the field', async (_name, config, field) => {
    const onError = vi.fn()
    const result = await action({ ...config, onError })()
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    if (result.ok) return
    expect(result.error.message).toContain(field)
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'bad_request' }), expect.anything())
    expect(harness.emulator.requests).toHaveLength(0)
  })

  it('passes through only the allowlisted state variables from the browser; the server wins', async () => {
    const create = action({
      workflow: { id: 'wf', state_variables: { plan: 'pro' } },
      stateVariables: z.object({ locale: z.optional(z.enum(['en', 'fr'])), plan: z.optional(z.string()) }),
    })
    const result = await create({
      state_variables: { locale: 'fr', plan: 'free', admin: true },
      ...loose<object>({ user: 'someone_else', workflow: { id: 'wf_evil' } }),
    })
    expect(result.ok).toBe(true)
    expect(harness.emulator.listSessions()[0]).toMatchObject({
      user: 'user_42',
      workflow: { id: 'wf', state_variables: { locale: 'fr', plan: 'pro' } },
    })
  })

  it('rejects browser state variables the allowlist refuses, before the network', async () => {
    const create = action({ stateVariables: z.object({ locale: z.enum(['en', 'fr']) }) })
    const wrong = await create({ state_variables: { locale: 'de' } })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    expect(wrong.ok || wrong.error.message).toMatch(/^state_variables\.locale: /)
    const missing = await create()
    expect(missing.ok || missing.error.message).toMatch(/^state_variables\.locale: /)
    const notObject = await create(loose({ state_variables: 'locale=en' }))
    expect(notObject).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    expect(harness.emulator.requests).toHaveLength(0)
  })

  it('names no browser-chosen key in a message: a 100 KB key with a newline becomes [key]', async () => {
    const forged = `locale\n2030-01-01T00:00:00Z INFO user admin signed in ${'x'.repeat(100_000)}`
    const onError = vi.fn()
    const create = action({ stateVariables: z.record(z.string(), z.string()), onError })
    const result = await create({ state_variables: { [forged]: loose<string>(42) } })
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    const message = result.ok ? '' : result.error.message
    // zod/mini says "expected string"; once classic zod loaded its locale, a longer sentence.
    expect(message).toMatch(/^state_variables\.\[key\]: [^\n]*expected string[^\n]*$/)
    expect(message.length).toBeLessThan(100)
    expect(onError).toHaveBeenCalledOnce()
    expect(harness.emulator.requests).toHaveLength(0)
  })

  it('refuses a state variable string longer than core allows, before the network', async () => {
    const create = action({ stateVariables: z.record(z.string(), z.string()) })
    const result = await create({ state_variables: { note: 'x'.repeat(100_000) } })
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    expect(result.ok || result.error.message).toMatch(/^workflow\.state_variables\.note: [^;]*4096/)
    expect(harness.emulator.requests).toHaveLength(0)
  })

  it('accepts a classic zod schema as the allowlist too', async () => {
    const create = action({ stateVariables: zodClassic.object({ seats: zodClassic.number().int().min(1) }) })
    expect(await create({ state_variables: { seats: 3 } })).toMatchObject({ ok: true })
    expect(await create({ state_variables: { seats: 0 } })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    })
  })

  it('ignores browser input when no allowlist is configured', async () => {
    const result = await action()({ state_variables: { plan: 'enterprise' } })
    expect(result.ok).toBe(true)
    expect(harness.emulator.listSessions()[0]?.workflow.state_variables).toBeNull()
  })

  it('maps 401 to unauthorized', async () => {
    const other = await startExtra({ apiKeys: ['sk-some-other-key'] })
    const result = await createChatKitSessionAction({ client: other.client, getUser: () => 'u', workflow })()
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: expect.stringMatching(/HTTP 401/) },
    })
  })

  it.each([
    [403, 'forbidden'],
    [404, 'workflow_unavailable'], // a create names nothing else that can be missing
    [422, 'bad_request'],
    [500, 'server_error'],
    [503, 'server_error'],
  ] as const)('maps HTTP %i to %s', async (status, code) => {
    harness.emulator.setFaults({ status })
    const result = await action()()
    expect(result).toMatchObject({ ok: false, error: { code } })
    expect(result.ok || result.error.message).toMatch(new RegExp(`HTTP ${status}, request req_`))
  })

  it('maps 429 to rate_limited with retryAfterMs from retry-after', async () => {
    const other = await startExtra({ rateLimit: { requestsPerMinute: 1 } })
    const create = createChatKitSessionAction({ client: other.client, getUser: () => 'u', workflow })
    expect(await create()).toMatchObject({ ok: true })
    expect(await create()).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: expect.stringMatching(/HTTP 429/), retryAfterMs: 60_000 },
    })
  })

  it('maps an answer the SDK cannot parse to server_error', async () => {
    harness.emulator.setFaults({ malformedJson: true })
    const result = await action()()
    expect(result).toEqual({
      ok: false,
      error: { code: 'server_error', message: 'The ChatKit API answered with a body that is not JSON.' },
    })
  })

  it('maps a dropped connection to network', async () => {
    harness.emulator.setFaults({ dropConnection: true })
    expect(await action()()).toEqual({
      ok: false,
      error: { code: 'network', message: 'The ChatKit API could not be reached.' },
    })
  })

  it('passes an already-expired session through with its status', async () => {
    harness.emulator.setFaults({ expiredSessions: true })
    const result = await action()()
    expect(result).toMatchObject({ ok: true, session: { status: 'expired' } })
  })
})
