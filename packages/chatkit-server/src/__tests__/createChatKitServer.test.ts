import { describe, expect, it, vi } from 'vitest'
import {
  CANCELLED_CONTENT,
  createChatKitServer,
  type CreateChatKitServerOptions,
  type RespondFunction,
} from '../createChatKitServer.ts'
import type { ThreadStreamEvent } from '../events.ts'
import { NotFoundError, type Store } from '../store.ts'
import { streamAssistantText } from '../streamAssistantText.ts'
import { CustomStreamError, StreamError } from '../streamError.ts'
import type { AssistantMessageItem, ThreadItem, ThreadMetadata } from '../types.ts'
import {
  ALICE,
  BOB,
  clock,
  eventsOf,
  jsonOf,
  NOW,
  parseFrames,
  testStore,
  type TestContext,
} from './harness.ts'

const SECRET = 'sk-live-SECRET-77ab'
const input = { content: [{ type: 'input_text', text: 'hi' }], attachments: [], inference_options: {} }
const create = (extra: Record<string, unknown> = {}) => ({
  type: 'threads.create',
  params: { input: { ...input, ...extra } },
})
const all = { after: null, limit: 100, order: 'asc' } as const

function setup(
  respond: RespondFunction<TestContext>,
  options: Partial<CreateChatKitServerOptions<TestContext>> = {},
): { store: Store<TestContext>; server: ReturnType<typeof createChatKitServer<TestContext>> } {
  const store = testStore()
  return { store, server: createChatKitServer({ store, respond, now: clock, onError: () => {}, ...options }) }
}

async function items(store: Store<TestContext>, threadId = 'thread_001'): Promise<ThreadItem[]> {
  return (await store.loadThreadItems(threadId, all, ALICE)).data
}

const assistant = (id: string, text: string): AssistantMessageItem => ({
  type: 'assistant_message',
  id,
  thread_id: 'thread_001',
  created_at: NOW,
  content: [{ type: 'output_text', text, annotations: [] }],
})

describe('createChatKitServer: what is saved', () => {
  it('saves items on .done and .replaced, deletes on .removed, and never saves an item only added', async () => {
    const { store, server } = setup(async function* () {
      yield { type: 'thread.item.done', item: assistant('msg_a', 'first') }
      yield { type: 'thread.item.done', item: assistant('msg_b', 'second') }
      yield { type: 'thread.item.added', item: assistant('msg_c', 'never done') }
      yield { type: 'thread.item.replaced', item: assistant('msg_a', 'first, edited') }
      yield { type: 'thread.item.removed', item_id: 'msg_b' }
    })
    const events = await eventsOf(await server.process(create(), ALICE))
    expect(events.map((event) => event.type)).toStrictEqual([
      'thread.created',
      'thread.item.done',
      'stream_options',
      'thread.item.done',
      'thread.item.done',
      'thread.item.added',
      'thread.item.replaced',
      'thread.item.removed',
    ])
    const saved = await items(store)
    expect(saved.map((item) => item.id)).toStrictEqual(['message_002', 'msg_a'])
    expect(saved[1]).toStrictEqual(assistant('msg_a', 'first, edited'))
  })

  it('saves and announces the thread when respond changes it, or yields thread.updated', async () => {
    const { store, server } = setup(async function* (thread) {
      thread.title = 'Named by respond'
      yield { type: 'progress_update', text: 'thinking' }
      yield {
        type: 'thread.updated',
        thread: {
          ...thread,
          status: { type: 'locked', reason: 'done' },
          items: { data: [], has_more: false, after: null },
        },
      }
    })
    const events = await eventsOf(await server.process(create(), ALICE))
    expect(events.slice(3)).toStrictEqual([
      { type: 'progress_update', text: 'thinking' },
      {
        type: 'thread.updated',
        thread: {
          id: 'thread_001',
          title: 'Named by respond',
          created_at: NOW,
          status: { type: 'active' },
          items: { data: [], has_more: false },
        },
      },
      {
        type: 'thread.updated',
        thread: {
          id: 'thread_001',
          title: 'Named by respond',
          created_at: NOW,
          status: { type: 'locked', reason: 'done' },
          items: { data: [], has_more: false },
        },
      },
    ])
    const saved = await store.loadThread('thread_001', ALICE)
    expect(saved.title).toBe('Named by respond')
    expect(saved.status).toStrictEqual({ type: 'locked', reason: 'done' })
  })

  it('completes the pending client tool call with its output and drops older pending calls', async () => {
    const respond = vi.fn<RespondFunction<TestContext>>(async function* () {})
    const { store, server } = setup(respond)
    const thread: ThreadMetadata = { id: 'thr_t', created_at: NOW, status: { type: 'active' } }
    await store.saveThread(thread, ALICE)
    const call = (id: string, second: number): ThreadItem => ({
      type: 'client_tool_call',
      id,
      thread_id: 'thr_t',
      created_at: `2026-12-04T11:00:0${second}.000Z`,
      status: 'pending',
      call_id: id,
      name: 'locate',
      arguments: {},
    })
    await store.addThreadItem('thr_t', call('tc_old', 1), ALICE)
    await store.addThreadItem('thr_t', call('tc_new', 2), ALICE)
    const result = await server.process(
      { type: 'threads.add_client_tool_output', params: { thread_id: 'thr_t', result: { city: 'Lyon' } } },
      ALICE,
    )
    await eventsOf(result)
    expect(await items(store, 'thr_t')).toStrictEqual([
      { ...call('tc_new', 2), status: 'completed', output: { city: 'Lyon' } },
    ])
    expect(respond).toHaveBeenCalledWith(thread, null, ALICE, expect.objectContaining({ metadata: {} }))

    // Now nothing is pending: a second output is refused before streaming.
    const again = await server.process(
      { type: 'threads.add_client_tool_output', params: { thread_id: 'thr_t', result: 1 } },
      ALICE,
    )
    expect(again).toMatchObject({
      type: 'error',
      status: 400,
      error: { code: 'invalid_request', path: 'params.thread_id' },
    })
  })

  it('retries after a user message: deletes what came after it and answers it again', async () => {
    let answers = 0
    const { store, server } = setup(async function* (thread, message, _context, { generateItemId }) {
      answers++
      expect(message?.type).toBe('user_message')
      yield* streamAssistantText({
        threadId: thread.id,
        id: generateItemId('message'),
        text: `answer ${answers}`,
      })
    })
    await eventsOf(await server.process(create(), ALICE))
    expect((await items(store)).map((item) => item.id)).toStrictEqual(['message_002', 'message_003'])
    const events = await eventsOf(
      await server.process(
        { type: 'threads.retry_after_item', params: { thread_id: 'thread_001', item_id: 'message_002' } },
        ALICE,
      ),
    )
    expect(events.at(-1)).toMatchObject({ type: 'thread.item.done', item: { id: 'message_004' } })
    expect((await items(store)).map((item) => item.id)).toStrictEqual(['message_002', 'message_004'])
    const notUser = await server.process(
      { type: 'threads.retry_after_item', params: { thread_id: 'thread_001', item_id: 'message_004' } },
      ALICE,
    )
    expect(notUser).toMatchObject({ status: 400, error: { path: 'params.item_id' } })
  })
})

describe('createChatKitServer: what leaves the server', () => {
  it('leaves out null fields and metadata, of threads and of attachments', async () => {
    const { store, server } = setup(async function* () {})
    await store.saveAttachment(
      {
        type: 'image',
        id: 'atc_1',
        name: 'cat.png',
        mime_type: 'image/png',
        preview_url: 'http://127.0.0.1:9/cat.png',
        upload_descriptor: null,
        metadata: { bucket_key: SECRET },
      },
      ALICE,
    )
    const created = await server.process(create({ attachments: ['atc_1'], quoted_text: null }), ALICE, {})
    const text = await new Response(created.type === 'stream' ? created.stream : null).text()
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain('null')
    expect(text).not.toContain('metadata')
    expect(parseFrames(text)[1]).toStrictEqual({
      type: 'thread.item.done',
      item: {
        type: 'user_message',
        id: 'message_002',
        thread_id: 'thread_001',
        created_at: NOW,
        content: input.content,
        attachments: [
          {
            type: 'image',
            id: 'atc_1',
            name: 'cat.png',
            mime_type: 'image/png',
            preview_url: 'http://127.0.0.1:9/cat.png',
            thread_id: 'thread_001',
          },
        ],
        inference_options: {},
      },
    })
    // The attachment now belongs to the thread, and keeps its metadata on the server.
    expect(await store.loadAttachment('atc_1', ALICE)).toMatchObject({
      thread_id: 'thread_001',
      metadata: { bucket_key: SECRET },
    })

    const thread = await store.loadThread('thread_001', ALICE)
    await store.saveThread({ ...thread, metadata: { owner_note: SECRET }, title: null }, ALICE)
    for (const request of [
      { type: 'threads.get_by_id', params: { thread_id: 'thread_001' } },
      { type: 'threads.list', params: {} },
      { type: 'items.list', params: { thread_id: 'thread_001' } },
      { type: 'threads.update', params: { thread_id: 'thread_001', title: 'x' } },
    ]) {
      const result = await server.process(request, ALICE)
      const body = result.type === 'json' ? result.body : ''
      expect(body).toMatch(/^\{/)
      expect(body).not.toContain(SECRET)
      expect(body).not.toContain('metadata')
      expect(body).not.toContain('null')
    }
  })

  it('never sends hidden items, in events or in lists, but stores them', async () => {
    const hidden = (id: string, type: 'hidden_context_item' | 'sdk_hidden_context'): ThreadItem =>
      type === 'hidden_context_item'
        ? { type, id, thread_id: 'thread_001', created_at: NOW, content: { secret: SECRET } }
        : { type, id, thread_id: 'thread_001', created_at: NOW, content: SECRET }
    const { store, server } = setup(async function* () {
      yield { type: 'thread.item.added', item: hidden('hcx_1', 'hidden_context_item') }
      yield { type: 'thread.item.done', item: hidden('hcx_1', 'hidden_context_item') }
      yield { type: 'thread.item.done', item: hidden('shcx_1', 'sdk_hidden_context') }
      yield { type: 'thread.item.replaced', item: hidden('shcx_1', 'sdk_hidden_context') }
      yield { type: 'thread.item.done', item: assistant('msg_a', 'visible') }
    })
    const result = await server.process(create(), ALICE)
    const text = await new Response(result.type === 'stream' ? result.stream : null).text()
    expect(text).not.toContain(SECRET)
    expect(parseFrames(text).map((event) => event.type)).toStrictEqual([
      'thread.created',
      'thread.item.done',
      'stream_options',
      'thread.item.done',
    ])
    expect((await items(store)).map((item) => item.type).sort()).toStrictEqual([
      'assistant_message',
      'hidden_context_item',
      'sdk_hidden_context',
      'user_message',
    ])
    for (const request of [
      { type: 'threads.get_by_id', params: { thread_id: 'thread_001' } },
      { type: 'items.list', params: { thread_id: 'thread_001', order: 'asc' } },
    ]) {
      const body = JSON.stringify(jsonOf(await server.process(request, ALICE)))
      expect(body).not.toContain(SECRET)
      expect(body).not.toContain('hidden')
      expect(body).toContain('visible')
    }
  })

  it('keeps each event on one line, whatever the text holds', async () => {
    const text = 'line 1\n\ndata: not a frame\r\nline 3'
    const { server } = setup(async function* (thread) {
      yield* streamAssistantText({ threadId: thread.id, id: 'msg_a', text, createdAt: NOW })
    })
    const events = await eventsOf(await server.process(create(), ALICE))
    expect(events).toHaveLength(8)
    expect(events.at(-1)).toMatchObject({ item: { content: [{ text }] } })
  })

  it('sends the stream options the app gives', async () => {
    const { server } = setup(async function* () {}, { getStreamOptions: () => ({ allow_cancel: false }) })
    const events = await eventsOf(await server.process(create(), ALICE))
    expect(events[2]).toStrictEqual({ type: 'stream_options', stream_options: { allow_cancel: false } })
  })

  it('passes the browser metadata and a working id maker to respond', async () => {
    const respond = vi.fn<RespondFunction<TestContext>>(async function* () {})
    const { server } = setup(respond)
    await eventsOf(await server.process({ ...create(), metadata: { page: '/x' } }, ALICE))
    const options = respond.mock.calls[0]?.[3]
    expect(options?.metadata).toStrictEqual({ page: '/x' })
    expect(options?.generateItemId('workflow')).toBe('workflow_003')
    expect(options?.now()).toBe(NOW)
  })
})

describe('createChatKitServer: errors in respond', () => {
  it('turns a store failure while streaming into stream.error, and hands it to onError', async () => {
    const onError = vi.fn()
    let closed = false
    const { store, server } = setup(
      async function* () {
        try {
          yield { type: 'thread.item.done', item: assistant('msg_a', 'lost') }
          yield { type: 'progress_update', text: 'never sent' }
        } finally {
          closed = true
        }
      },
      { onError },
    )
    const failure = new Error('database is down')
    const add = store.addThreadItem.bind(store)
    store.addThreadItem = async (threadId, item, context) =>
      item.type === 'assistant_message' ? Promise.reject(failure) : add(threadId, item, context)
    const events = await eventsOf(await server.process(create(), ALICE))
    expect(events.slice(2)).toStrictEqual([
      { type: 'stream_options', stream_options: { allow_cancel: true } },
      { type: 'error', code: 'stream.error', allow_retry: true },
    ])
    expect(onError).toHaveBeenCalledWith(failure, { type: 'threads.create' })
    // respond is closed, not left paused at its yield (an agent run would go on unread).
    await vi.waitFor(() => expect(closed).toBe(true))
  })

  const failing = (error: unknown) =>
    setup(
      async function* () {
        yield { type: 'progress_update', text: 'working' }
        throw error
      },
      { onError: vi.fn() },
    )

  it('ends the stream with stream.error, retry allowed, and hands the real error to onError only', async () => {
    const onError = vi.fn()
    const { server } = setup(
      async function* () {
        yield { type: 'progress_update', text: 'working' }
        throw new Error(`upstream said ${SECRET}`)
      },
      { onError },
    )
    const result = await server.process(create(), ALICE)
    const text = await new Response(result.type === 'stream' ? result.stream : null).text()
    expect(text).not.toContain(SECRET)
    expect(parseFrames(text).at(-1)).toStrictEqual({ type: 'error', code: 'stream.error', allow_retry: true })
    expect(onError).toHaveBeenCalledTimes(1)
    expect(String(onError.mock.calls[0]?.[0])).toContain(SECRET)
    expect(onError.mock.calls[0]?.[1]).toStrictEqual({ type: 'threads.create' })
  })

  it('sends a CustomStreamError message as is, code custom', async () => {
    const { server } = failing(new CustomStreamError('Try a shorter question.', { allowRetry: true }))
    const events = await eventsOf(await server.process(create(), ALICE))
    expect(events.at(-1)).toStrictEqual({
      type: 'error',
      code: 'custom',
      message: 'Try a shorter question.',
      allow_retry: true,
    })
  })

  it('sends a StreamError code without a message', async () => {
    const { server } = failing(new StreamError('stream.error', { allowRetry: false }))
    const events = await eventsOf(await server.process(create(), ALICE))
    expect(events.at(-1)).toStrictEqual({ type: 'error', code: 'stream.error', allow_retry: false })
    expect(new StreamError().allowRetry).toBe(true)
    expect(new StreamError('quota.exceeded').allowRetry).toBe(false)
  })
})

/**
 * A respond that streams "Partial" into an assistant message and starts a workflow, then waits
 * for the stream to be cancelled; `finished` turns true when the server has stopped it (its
 * return() reached the finally).
 */
function partialResponder(text = 'Partial') {
  const state: { finished: boolean; waiting: boolean; signal?: AbortSignal } = {
    finished: false,
    waiting: false,
  }
  const respond: RespondFunction<TestContext> = async function* (thread, _input, _context, { signal }) {
    state.signal = signal
    try {
      yield { type: 'thread.item.added', item: { ...assistant('msg_p', ''), content: [] } }
      yield {
        type: 'thread.item.updated',
        item_id: 'msg_p',
        update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: text },
      }
      yield {
        type: 'thread.item.added',
        item: {
          type: 'workflow',
          id: 'wf_p',
          thread_id: thread.id,
          created_at: NOW,
          workflow: { type: 'reasoning', tasks: [] },
        },
      }
      state.waiting = true
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
      yield { type: 'progress_update', text: 'after abort: never sent' }
    } finally {
      state.finished = true
    }
  }
  return { respond, state }
}

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, count: number) {
  let text = ''
  while (parseFrames(text).length < count) {
    const { value, done } = await reader.read()
    if (done) throw new Error('stream ended early')
    text += new TextDecoder().decode(value)
  }
  return parseFrames(text)
}

describe('createChatKitServer: cancellation', () => {
  it('on a signal aborted before the stream starts: streams nothing and saves nothing', async () => {
    const respond = vi.fn<RespondFunction<TestContext>>(async function* () {})
    const { store, server } = setup(respond)
    const result = await server.process(create(), ALICE, { signal: AbortSignal.abort() })
    expect(await eventsOf(result)).toStrictEqual([])
    expect(respond).not.toHaveBeenCalled()
    expect((await store.loadThreads(all, ALICE)).data).toStrictEqual([])
  })

  it('on a cancelled stream: stops respond, saves the partial message and the hidden cancelled item', async () => {
    const { respond, state } = partialResponder()
    const { store, server } = setup(respond)
    const result = await server.process(create(), ALICE)
    if (result.type !== 'stream') throw new Error('expected a stream')
    const reader = result.stream.getReader()
    const events = await readUntil(reader, 6)
    expect(events.at(-1)).toMatchObject({ type: 'thread.item.added', item: { type: 'workflow' } })
    // The stream pulls on: respond now waits in its "model call".
    await vi.waitFor(() => expect(state.waiting).toBe(true))
    await reader.cancel()
    expect(state.signal?.aborted).toBe(true)
    await vi.waitFor(() => expect(state.finished).toBe(true))
    expect(await items(store)).toStrictEqual([
      expect.objectContaining({ type: 'user_message' }),
      assistant('msg_p', 'Partial'),
      {
        type: 'sdk_hidden_context',
        id: 'sdk_hidden_context_003',
        thread_id: 'thread_001',
        created_at: NOW,
        content: CANCELLED_CONTENT,
      },
    ])
    // The hidden item stays on the server.
    const listed = jsonOf(
      await server.process({ type: 'items.list', params: { thread_id: 'thread_001' } }, ALICE),
    )
    expect(JSON.stringify(listed)).not.toContain('sdk_hidden_context')
  })

  it('on an aborted signal (client gone): ends the stream and saves the same', async () => {
    const { respond, state } = partialResponder()
    const { store, server } = setup(respond)
    const controller = new AbortController()
    const result = await server.process(create(), ALICE, { signal: controller.signal })
    if (result.type !== 'stream') throw new Error('expected a stream')
    const reader = result.stream.getReader()
    await readUntil(reader, 6)
    controller.abort()
    let rest = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      rest += new TextDecoder().decode(value)
    }
    expect(rest).not.toContain('never sent')
    await vi.waitFor(() => expect(state.finished).toBe(true))
    expect((await items(store)).map((item) => [item.id, item.type])).toStrictEqual([
      ['message_002', 'user_message'],
      ['msg_p', 'assistant_message'],
      ['sdk_hidden_context_003', 'sdk_hidden_context'],
    ])
  })

  it('does not save an empty partial message, only the hidden item', async () => {
    const { respond } = partialResponder('   ')
    const { store, server } = setup(respond)
    const result = await server.process(create(), ALICE)
    if (result.type !== 'stream') throw new Error('expected a stream')
    const reader = result.stream.getReader()
    await readUntil(reader, 6)
    await reader.cancel()
    expect((await items(store)).map((item) => item.type)).toStrictEqual([
      'user_message',
      'sdk_hidden_context',
    ])
  })

  it('hands the pending items to handleStreamCancelled, which replaces the default', async () => {
    const { respond } = partialResponder()
    const handleStreamCancelled = vi.fn(async () => {})
    const { store, server } = setup(respond, { handleStreamCancelled })
    const result = await server.process(create(), ALICE)
    if (result.type !== 'stream') throw new Error('expected a stream')
    const reader = result.stream.getReader()
    await readUntil(reader, 6)
    await reader.cancel()
    expect(handleStreamCancelled).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'thread_001' }),
      [assistant('msg_p', 'Partial'), expect.objectContaining({ id: 'wf_p', type: 'workflow' })],
      ALICE,
      expect.any(Function),
    )
    expect((await items(store)).map((item) => item.type)).toStrictEqual(['user_message'])
  })

  it('stops a respond that is stuck in a model call, without waiting for it', async () => {
    let release = () => {}
    let calling = false
    const respond: RespondFunction<TestContext> = async function* () {
      yield { type: 'progress_update', text: 'calling the model' }
      // A model call that ignores the signal.
      calling = true
      await new Promise<void>((resolve) => (release = resolve))
      yield { type: 'progress_update', text: 'never sent' }
    }
    const { store, server } = setup(respond)
    const result = await server.process(create(), ALICE)
    if (result.type !== 'stream') throw new Error('expected a stream')
    const reader = result.stream.getReader()
    await readUntil(reader, 4)
    await vi.waitFor(() => expect(calling).toBe(true))
    await reader.cancel()
    expect((await items(store)).map((item) => item.type)).toStrictEqual([
      'user_message',
      'sdk_hidden_context',
    ])
    release()
  })
})

describe('createChatKitServer: refusals', () => {
  const notSupported: [string, Record<string, unknown>][] = [
    ['threads.custom_action', { thread_id: 'thr_a', action: { type: 'like' } }],
    ['threads.sync_custom_action', { thread_id: 'thr_a', action: { type: 'like' } }],
    ['input.transcribe', { audio_base64: 'AAEC', mime_type: 'audio/ogg' }],
    ['attachments.create', { name: 'a.txt', size: 1, mime_type: 'text/plain' }],
    ['attachments.delete', { attachment_id: 'atc_1' }],
  ]

  it.each(notSupported)(
    'answers %s with 501 not_supported when the app gave no handler',
    async (type, params) => {
      const { store, server } = setup(async function* () {})
      await store.saveThread({ id: 'thr_a', created_at: NOW, status: { type: 'active' } }, ALICE)
      const result = await server.process({ type, params }, ALICE)
      expect(result).toMatchObject({ type: 'error', status: 501, error: { code: 'not_supported' } })
      expect(result.type === 'error' && result.error.message).toContain(
        `${type} is not supported by this server`,
      )
    },
  )

  it('accepts feedback without a handler, as chatkit-python does', async () => {
    const { server } = setup(async function* () {})
    const result = await server.process(
      { type: 'items.feedback', params: { thread_id: 'thr_x', item_ids: [], kind: 'negative' } },
      ALICE,
    )
    expect(jsonOf(result)).toStrictEqual({})
  })

  it("passes feedback only on the thread's own items, never an id from elsewhere", async () => {
    const addFeedback = vi.fn(async () => {})
    const { server } = setup(async function* () {}, { addFeedback })
    await eventsOf(await server.process(create(), ALICE))
    await eventsOf(await server.process(create(), BOB))
    // Bob's thread and message are thread_003 / message_004; Alice names hers and his.
    const result = await server.process(
      {
        type: 'items.feedback',
        params: {
          thread_id: 'thread_001',
          item_ids: ['message_002', 'message_004', 'msg_none'],
          kind: 'negative',
        },
      },
      ALICE,
    )
    expect(jsonOf(result)).toStrictEqual({})
    expect(addFeedback).toHaveBeenCalledWith('thread_001', ['message_002'], 'negative', ALICE)
  })

  it("answers another user's thread exactly like a missing one: 404 not_found", async () => {
    const handlers = {
      action: async function* (): AsyncGenerator<ThreadStreamEvent> {},
      syncAction: async () => ({}),
      addFeedback: vi.fn(async () => {}),
      attachmentStore: { deleteAttachment: vi.fn(async () => {}) },
    }
    const { store, server } = setup(async function* () {}, handlers)
    await eventsOf(await server.process(create(), ALICE))
    await store.saveAttachment({ type: 'file', id: 'atc_a', name: 'a', mime_type: 'text/plain' }, ALICE)
    const requests = (thread: string, item: string, attachment: string) => [
      { type: 'threads.get_by_id', params: { thread_id: thread } },
      { type: 'items.list', params: { thread_id: thread } },
      { type: 'threads.update', params: { thread_id: thread, title: 'mine now' } },
      { type: 'threads.delete', params: { thread_id: thread } },
      { type: 'items.feedback', params: { thread_id: thread, item_ids: [item], kind: 'positive' } },
      { type: 'threads.add_user_message', params: { thread_id: thread, input } },
      { type: 'threads.add_client_tool_output', params: { thread_id: thread, result: 1 } },
      { type: 'threads.add_structured_input', params: { thread_id: thread, item_id: item, input: {} } },
      { type: 'threads.retry_after_item', params: { thread_id: thread, item_id: item } },
      { type: 'threads.custom_action', params: { thread_id: thread, item_id: item, action: { type: 'x' } } },
      {
        type: 'threads.sync_custom_action',
        params: { thread_id: thread, item_id: item, action: { type: 'x' } },
      },
      { type: 'attachments.delete', params: { attachment_id: attachment } },
      create({ attachments: [attachment] }),
    ]
    const asBob = await Promise.all(
      requests('thread_001', 'message_002', 'atc_a').map((r) => server.process(r, BOB)),
    )
    const missing = await Promise.all(
      requests('thread_404', 'message_404', 'atc_404').map((r) => server.process(r, ALICE)),
    )
    for (const result of asBob)
      expect(result).toMatchObject({ type: 'error', status: 404, error: { code: 'not_found' } })
    expect(asBob).toStrictEqual(missing)
    expect(handlers.addFeedback).not.toHaveBeenCalled()
    expect(handlers.attachmentStore.deleteAttachment).not.toHaveBeenCalled()
    // Alice's thread is untouched.
    expect((await store.loadThread('thread_001', ALICE)).title).toBeUndefined()
    expect((await items(store)).length).toBe(1)
  })

  it('answers 404 naming params.after when the store refuses a cursor', async () => {
    const { store, server } = setup(async function* () {})
    await eventsOf(await server.process(create(), ALICE))
    store.loadThreads = () => Promise.reject(new NotFoundError('no such cursor'))
    const result = await server.process({ type: 'threads.list', params: { after: 'thr_gone' } }, ALICE)
    expect(result).toMatchObject({ status: 404, error: { code: 'not_found', path: 'params.after' } })
  })

  it('answers a missing item of an existing thread with 404 naming params.item_id', async () => {
    const { server } = setup(async function* () {})
    await eventsOf(await server.process(create(), ALICE))
    const result = await server.process(
      { type: 'threads.retry_after_item', params: { thread_id: 'thread_001', item_id: 'msg_gone' } },
      ALICE,
    )
    expect(result).toStrictEqual({
      type: 'error',
      status: 404,
      error: { code: 'not_found', message: 'params.item_id: not found', path: 'params.item_id' },
    })
  })

  it('answers a custom action from a sender that is not a widget with a bare error event, as Python does', async () => {
    const { server } = setup(async function* () {}, { action: async function* () {} })
    await eventsOf(await server.process(create(), ALICE))
    const result = await server.process(
      {
        type: 'threads.custom_action',
        params: { thread_id: 'thread_001', item_id: 'message_002', action: { type: 'x' } },
      },
      ALICE,
    )
    expect(await eventsOf(result)).toStrictEqual([
      { type: 'error', code: 'stream.error', allow_retry: false },
    ])
  })
})

describe('streamAssistantText', () => {
  it('streams pieces from an async iterable and skips empty ones', async () => {
    async function* pieces() {
      yield 'a'
      yield ''
      yield 'b'
    }
    const events: ThreadStreamEvent[] = []
    for await (const event of streamAssistantText({ threadId: 't', id: 'm', text: pieces(), createdAt: NOW }))
      events.push(event)
    expect(
      events.map((event) => (event.type === 'thread.item.updated' ? event.update.type : event.type)),
    ).toStrictEqual([
      'thread.item.added',
      'assistant_message.content_part.added',
      'assistant_message.content_part.text_delta',
      'assistant_message.content_part.text_delta',
      'assistant_message.content_part.done',
      'thread.item.done',
    ])
    expect(events.at(-1)).toStrictEqual({
      type: 'thread.item.done',
      item: { ...assistant('m', 'ab'), thread_id: 't' },
    })
  })
})
