import { describe, expect, it } from 'vitest'
import { createChatKitServer } from '../createChatKitServer.ts'
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
  [
    'a limit above the maximum',
    { type: 'items.list', params: { thread_id: 't', limit: 1_000_001 } },
    'params.limit',
  ],
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
    'missing inference options',
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

  it('accepts a tag without data, as ChatKit sends for an entity that has none, with data {}', () => {
    const result = parseChatKitRequest({
      type: 'threads.create',
      params: { input: { ...input, content: [{ type: 'input_tag', id: 'doc_1', text: 'Q2 plan' }] } },
    })
    expect(result.ok && result.request).toMatchObject({
      params: { input: { content: [{ type: 'input_tag', id: 'doc_1', text: 'Q2 plan', data: {} }] } },
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
