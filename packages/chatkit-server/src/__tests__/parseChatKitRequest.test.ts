import { describe, expect, it } from 'vitest'
import { createChatKitServer } from '../createChatKitServer.ts'
import { MAX_PAGE_LIMIT } from '../chatKitRequest.ts'
import { parseChatKitRequest } from '../parseChatKitRequest.ts'
import { ALICE, testStore } from './harness.ts'

/** A value that must never come back in an error. */
const SECRET = 'sk-live-SECRET-4f9c2e'

const input = { content: [{ type: 'input_text', text: 'hi' }], attachments: [], inference_options: {} }

const badBodies: [string, unknown, string][] = [
  ['a body that is not an object', [SECRET], ''],
  ['a body that is a string', SECRET, ''],
  ['a missing type', { params: { thread_id: SECRET } }, 'type'],
  ['a type that is not a string', { type: 42, params: {} }, 'type'],
  ['an unknown type', { type: SECRET, params: {} }, 'type'],
  ['missing params', { type: 'threads.get_by_id' }, 'params'],
  [
    'a thread id that is a number',
    { type: 'threads.get_by_id', params: { thread_id: 7 } },
    'params.thread_id',
  ],
  [
    'a thread id that is too long',
    { type: 'threads.delete', params: { thread_id: SECRET.repeat(40) } },
    'params.thread_id',
  ],
  ['a limit that is a string', { type: 'threads.list', params: { limit: SECRET } }, 'params.limit'],
  ['a negative limit', { type: 'items.list', params: { thread_id: 't', limit: -1 } }, 'params.limit'],
  ['a limit that is not an integer', { type: 'threads.list', params: { limit: 2.5 } }, 'params.limit'],
  ['an unknown order', { type: 'threads.list', params: { order: SECRET } }, 'params.order'],
  [
    'an unknown content type',
    { type: 'threads.create', params: { input: { ...input, content: [{ type: SECRET, text: SECRET }] } } },
    'params.input.content.0.type',
  ],
  [
    'content text that is not a string',
    {
      type: 'threads.create',
      params: { input: { ...input, content: [{ type: 'input_text', text: { SECRET } }] } },
    },
    'params.input.content.0.text',
  ],
  [
    'inference options that are a string',
    {
      type: 'threads.add_user_message',
      params: { thread_id: 't', input: { ...input, inference_options: SECRET } },
    },
    'params.input.inference_options',
  ],
  [
    'an unknown feedback kind',
    { type: 'items.feedback', params: { thread_id: 't', item_ids: [], kind: SECRET } },
    'params.kind',
  ],
  [
    'audio that is not base64',
    { type: 'input.transcribe', params: { audio_base64: `${SECRET}!`, mime_type: 'audio/webm' } },
    'params.audio_base64',
  ],
  [
    'an action without a type',
    { type: 'threads.custom_action', params: { thread_id: 't', action: { payload: SECRET } } },
    'params.action.type',
  ],
  [
    'a structured input status that is unknown',
    {
      type: 'threads.add_structured_input',
      params: { thread_id: 't', item_id: 'i', input: { status: SECRET } },
    },
    'params.input.status',
  ],
  ['metadata that is not an object', { type: 'threads.list', params: {}, metadata: SECRET }, 'metadata'],
  [
    'a bad answer under a key the browser chose',
    {
      type: 'threads.add_structured_input',
      params: { thread_id: 't', item_id: 'i', input: { answers: { [SECRET]: { values: 'one' } } } },
    },
    'params.input.answers.*.values',
  ],
]

describe('parseChatKitRequest', () => {
  it.each(badBodies)('refuses %s, naming the field and never the value', (_name, body, path) => {
    const result = parseChatKitRequest(body)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('invalid_request')
    expect(result.error.path ?? '').toBe(path)
    if (path) expect(result.error.message.startsWith(`${path}: `)).toBe(true)
    expect(JSON.stringify(result)).not.toContain(SECRET)
    expect(JSON.stringify(result)).not.toContain('SECRET')
  })

  it('names every known type when the type is unknown', () => {
    const result = parseChatKitRequest({ type: 'threads.explode', params: {} })
    expect(result.ok || result.error.message).toContain('threads.get_by_id')
    expect(result.ok || result.error.message).toContain('threads.sync_custom_action')
  })

  it('accepts every request type with its defaults, dropping unknown keys as pydantic does', () => {
    const result = parseChatKitRequest({ type: 'threads.list', params: { extra: SECRET }, extra: SECRET })
    expect(result).toStrictEqual({
      ok: true,
      request: { type: 'threads.list', params: { order: 'desc' }, metadata: {} },
    })
  })

  describe('takes what real clients send', () => {
    const parsedParams = (body: unknown) => {
      const result = parseChatKitRequest(body)
      if (!result.ok) throw new Error(`refused: ${result.error.message}`)
      return result.request.params
    }
    const message = (extra: Record<string, unknown>) => ({
      type: 'threads.create',
      params: { input: { content: [{ type: 'input_text', text: 'hi' }], attachments: [], ...extra } },
    })

    it.each([
      ['threads.list', {}],
      ['items.list', { thread_id: 't' }],
    ])('clamps a %s limit over the maximum to MAX_PAGE_LIMIT, as a playground sends 9999', (type, params) => {
      expect(parsedParams({ type, params: { ...params, limit: 9999 } })).toMatchObject({
        limit: MAX_PAGE_LIMIT,
      })
      expect(parsedParams({ type, params: { ...params, limit: MAX_PAGE_LIMIT } })).toMatchObject({
        limit: MAX_PAGE_LIMIT,
      })
      expect(parsedParams({ type, params: { ...params, limit: 7 } })).toMatchObject({ limit: 7 })
    })

    it.each([
      ['null', { inference_options: null }],
      ['missing', {}],
    ])('takes inference_options that are %s as {}', (_name, extra) => {
      expect(parsedParams(message(extra))).toMatchObject({ input: { inference_options: {} } })
    })

    it('answers threads.list with limit 9999 instead of a 400', async () => {
      const server = createChatKitServer({ store: testStore(), respond: async function* () {} })
      const result = await server.process({ type: 'threads.list', params: { limit: 9999 } }, ALICE)
      expect(result).toStrictEqual({ type: 'json', body: expect.stringContaining('"data":[]') })
    })

    it('keeps inference options that are given', () => {
      const inference_options = { tool_choice: { id: 'search' }, model: 'gpt-5' }
      expect(parsedParams(message({ inference_options }))).toMatchObject({ input: { inference_options } })
    })

    it.each([
      ['without data', {}],
      ['with null data', { data: null }],
    ])('takes an input_tag %s as data {}', (_name, data) => {
      const tag = { type: 'input_tag', id: 'tag_1', text: '@Ada', ...data }
      const params = parsedParams({
        type: 'threads.create',
        params: { input: { content: [tag], attachments: [], inference_options: {} } },
      })
      expect(params).toMatchObject({ input: { content: [{ ...tag, data: {}, interactive: false }] } })
    })

    it('passes a custom action without payload', () => {
      for (const type of ['threads.custom_action', 'threads.sync_custom_action'])
        expect(parsedParams({ type, params: { thread_id: 't', action: { type: 'refresh' } } })).toStrictEqual(
          {
            thread_id: 't',
            action: { type: 'refresh' },
          },
        )
    })
  })

  it('keeps the metadata the browser sent', () => {
    const result = parseChatKitRequest({
      type: 'threads.get_by_id',
      params: { thread_id: 't' },
      metadata: { a: 1 },
    })
    expect(result.ok && result.request.metadata).toStrictEqual({ a: 1 })
  })

  it('answers process() with a 400 that carries the same error', async () => {
    const server = createChatKitServer({ store: testStore(), respond: async function* () {} })
    const result = await server.process({ type: 'threads.list', params: { limit: SECRET } }, ALICE)
    expect(result).toStrictEqual({
      type: 'error',
      status: 400,
      error: {
        code: 'invalid_request',
        path: 'params.limit',
        message: 'params.limit: Invalid input: expected number, received string',
      },
    })
  })
})
