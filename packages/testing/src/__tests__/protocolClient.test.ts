import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  ChatKitProtocolError,
  ThreadRebuilder,
  checkItemLifecycle,
  checkStreamOpening,
  compareWithServer,
  createChatKitProtocolClient,
  findHiddenItems,
  type ListeningServer,
  type ProtocolEvent,
} from '../protocol.ts'
import { createFakeThreadServer, type FakeThreadServerFaults } from './fakeThreadServer.ts'
import { mintToken, serveChatKit, userInput } from './protocolHarness.ts'

// The headless client against a fake ChatKit server behind the real handler, over HTTP on
// 127.0.0.1. The fake's faults prove that each check can fail; chatKitServer.test.ts runs the
// same checks against the real createChatKitServer.

const servers: ListeningServer[] = []
afterAll(() => Promise.all(servers.map((server) => server.stop())))

async function serve(faults: FakeThreadServerFaults = {}, words?: string[]) {
  const fake = createFakeThreadServer({ faults, ...(words ? { words, delayMs: 5 } : {}) })
  return { fake, url: await serveChatKit(fake, servers) }
}

const input = userInput

let token: string
beforeAll(async () => {
  token = await mintToken('user_1')
})

describe('createChatKitProtocolClient over HTTP', () => {
  it('rebuilds a thread over several turns that equals threads.get_by_id + items.list, page by page', async () => {
    const { url } = await serve()
    const client = createChatKitProtocolClient({ url, getToken: () => token, pageSize: 2 })
    const first = await client.stream('threads.create', input('Hi'))
    expect(first.problems).toEqual([])
    expect(checkStreamOpening(first.events)).toEqual([])
    expect(checkItemLifecycle(first.events)).toEqual([])
    expect(findHiddenItems(first.events)).toEqual([])
    expect(first.threadId).toMatch(/^thr_/)
    const second = await client.stream('threads.add_user_message', {
      thread_id: first.threadId,
      ...input('Again'),
    })
    expect(second.problems).toEqual([])
    expect(checkItemLifecycle(second.events)).toEqual([])

    const rebuilt = client.threads.get(first.threadId ?? '')
    expect(rebuilt?.items.map((item) => item.type)).toEqual([
      'user_message',
      'assistant_message',
      'user_message',
      'assistant_message',
    ])
    expect(rebuilt?.items[1]?.content).toEqual([
      { type: 'output_text', text: 'Hello from the fake server.', annotations: [] },
    ])
    expect(rebuilt?.thread.title).toBe('Hello')
    expect(await compareWithServer(client, first.threadId)).toEqual([])
  })

  it('cancels a stream halfway: the server stops, keeps the partial reply, and hides its cancelled item', async () => {
    const words = Array.from({ length: 40 }, (_, i) => ` w${i}`)
    const { fake, url } = await serve({}, words)
    const client = createChatKitProtocolClient({ url, getToken: () => token })
    const stream = await client.stream('threads.create', input('Stop me'), {
      cancelAfter: (event) =>
        (event.update as { type?: string } | undefined)?.type === 'assistant_message.content_part.text_delta',
    })
    expect(stream.cancelled).toBe(true)
    expect(stream.pendingItemIds).toHaveLength(1)
    expect(checkItemLifecycle(stream.events)).toHaveLength(1)
    expect(checkItemLifecycle(stream.events, stream.pendingItemIds)).toEqual([])
    await vi.waitFor(() => expect(fake.cancelled).toContain(stream.threadId))
    const stored = await client.loadThread(stream.threadId ?? '')
    const reply = stored.items.find((item) => item.id === stream.pendingItemIds[0])
    const text = (reply?.content as { text: string }[])[0]?.text ?? ''
    expect(text.startsWith(' w0')).toBe(true)
    expect(text.length).toBeLessThan(words.join('').length)
    expect(await compareWithServer(client, stream.threadId, stream.pendingItemIds)).toEqual([])
  })

  it('every check fails on the server fault it is for', async () => {
    const leaky = await serve({ leakHidden: true })
    const leaked = await createChatKitProtocolClient({ url: leaky.url, getToken: () => token }).stream(
      'threads.create',
      input('Hi'),
    )
    expect(findHiddenItems(leaked.events)).toEqual([
      expect.stringMatching(/^\$\[\d+\]\.item: a sdk_hidden_context item \(shcx_\w+\) reached the client$/),
    ])

    const forgetful = await serve({ forgetDone: true })
    const open = await createChatKitProtocolClient({ url: forgetful.url, getToken: () => token }).stream(
      'threads.create',
      input('Hi'),
    )
    expect(checkItemLifecycle(open.events)).toEqual([
      expect.stringMatching(/added and never done or removed$/),
    ])

    const editing = await serve({ storeOtherText: true })
    const client = createChatKitProtocolClient({ url: editing.url, getToken: () => token })
    const edited = await client.stream('threads.create', input('Hi'))
    expect(await compareWithServer(client, edited.threadId)).toEqual([
      expect.stringMatching(/^item msg_\w+: rebuilt/),
    ])
  })

  it('a refused request is a ChatKitProtocolError with its status; another user reads not found', async () => {
    const { url } = await serve()
    const anonymous = createChatKitProtocolClient({ url })
    await expect(anonymous.json('threads.list')).rejects.toMatchObject({
      name: 'ChatKitProtocolError',
      status: 401,
    })
    const owner = createChatKitProtocolClient({ url, getToken: () => token })
    const { threadId } = await owner.stream('threads.create', input('Mine'))
    const otherToken = await mintToken('user_2')
    const other = createChatKitProtocolClient({ url, getToken: () => otherToken })
    const refused = await other
      .json('threads.get_by_id', { thread_id: threadId })
      .catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(ChatKitProtocolError)
    expect((refused as ChatKitProtocolError).status).toBe(404)
    await expect(
      other.stream('threads.add_user_message', { thread_id: threadId, ...input('x') }),
    ).rejects.toMatchObject({
      status: 404,
    })
  })
})

describe('checkStreamOpening', () => {
  const user = { type: 'thread.item.done', item: { id: 'msg_1', type: 'user_message' } }
  const options = { type: 'stream_options', stream_options: { allow_cancel: true } }
  const answer = { type: 'thread.item.added', item: { id: 'msg_2', type: 'assistant_message' } }

  it("accepts stream_options first, or after the server's thread.created and the user's message", () => {
    expect(checkStreamOpening([options, answer])).toEqual([])
    expect(
      checkStreamOpening([{ type: 'thread.created', thread: { id: 'thr_1' } }, user, options, answer]),
    ).toEqual([])
  })

  it('fails an answer before stream_options, a second stream_options, and an empty stream', () => {
    expect(checkStreamOpening([user, answer, options])).toEqual([
      'event 1: "thread.item.added" comes before stream_options',
    ])
    expect(checkStreamOpening([options, answer, options])).toEqual([
      'the stream sends stream_options 2 times',
    ])
    expect(checkStreamOpening([user])).toEqual(['the stream ends before stream_options'])
    expect(checkStreamOpening([])).toEqual(['the stream has no events'])
  })
})

describe('ThreadRebuilder', () => {
  const base = { thread_id: 'thr_1', created_at: '2026-12-04T12:00:00Z' }
  const start = () => {
    const rebuilder = new ThreadRebuilder()
    rebuilder.apply(
      {
        type: 'thread.created',
        thread: { id: 'thr_1', created_at: base.created_at, status: { type: 'active' }, items: { data: [] } },
      },
      undefined,
    )
    return rebuilder
  }
  const apply = (rebuilder: ThreadRebuilder, events: ProtocolEvent[]) =>
    events.map((event) => rebuilder.apply(event, 'thr_1').problem).filter((problem) => problem !== undefined)

  it('applies annotations, widget updates, workflow tasks, images, replacements and removals', () => {
    const rebuilder = start()
    const problems = apply(rebuilder, [
      { type: 'thread.item.added', item: { id: 'msg_1', type: 'assistant_message', content: [], ...base } },
      {
        type: 'thread.item.updated',
        item_id: 'msg_1',
        update: {
          type: 'assistant_message.content_part.added',
          content_index: 0,
          content: { type: 'output_text', text: '', annotations: [] },
        },
      },
      {
        type: 'thread.item.updated',
        item_id: 'msg_1',
        update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: 'Hi' },
      },
      {
        type: 'thread.item.updated',
        item_id: 'msg_1',
        update: {
          type: 'assistant_message.content_part.annotation_added',
          content_index: 0,
          annotation_index: 0,
          annotation: { type: 'annotation', source: { type: 'url', url: 'https://a.example', title: 'A' } },
        },
      },
      {
        type: 'thread.item.added',
        item: {
          id: 'wid_1',
          type: 'widget',
          widget: { type: 'Card', children: [{ type: 'Text', id: 't1', value: 'a' }] },
          ...base,
        },
      },
      {
        type: 'thread.item.updated',
        item_id: 'wid_1',
        update: { type: 'widget.streaming_text.value_delta', component_id: 't1', delta: 'b', done: false },
      },
      {
        type: 'thread.item.updated',
        item_id: 'wid_1',
        update: {
          type: 'widget.component.updated',
          component_id: 't1',
          component: { type: 'Title', id: 't1', value: 'c' },
        },
      },
      {
        type: 'thread.item.updated',
        item_id: 'wid_1',
        update: { type: 'widget.streaming_text.value_delta', component_id: 't1', delta: 'd', done: true },
      },
      {
        type: 'thread.item.added',
        item: { id: 'wf_1', type: 'workflow', workflow: { type: 'custom', tasks: [] }, ...base },
      },
      {
        type: 'thread.item.updated',
        item_id: 'wf_1',
        update: { type: 'workflow.task.added', task_index: 0, task: { type: 'thought', content: 'x' } },
      },
      {
        type: 'thread.item.updated',
        item_id: 'wf_1',
        update: { type: 'workflow.task.updated', task_index: 0, task: { type: 'thought', content: 'y' } },
      },
      {
        type: 'thread.item.replaced',
        item: { id: 'wf_1', type: 'workflow', workflow: { type: 'custom', tasks: [] }, ...base },
      },
      { type: 'thread.item.added', item: { id: 'msg_2', type: 'assistant_message', content: [], ...base } },
      { type: 'thread.item.removed', item_id: 'msg_2' },
    ])
    expect(problems).toEqual([])
    const items = rebuilder.threads.get('thr_1')?.items ?? []
    expect(items.map((item) => item.id)).toEqual(['msg_1', 'wid_1', 'wf_1'])
    expect(items[1]?.widget).toEqual({ type: 'Card', children: [{ type: 'Title', id: 't1', value: 'cd' }] })
    expect(items[0]?.content).toEqual([
      {
        type: 'output_text',
        text: 'Hi',
        annotations: [{ type: 'annotation', source: { type: 'url', url: 'https://a.example', title: 'A' } }],
      },
    ])
    expect(items[2]?.workflow).toEqual({ type: 'custom', tasks: [] })
  })

  it('reports what it cannot apply instead of guessing', () => {
    const rebuilder = start()
    expect(
      apply(rebuilder, [
        {
          type: 'thread.item.updated',
          item_id: 'msg_404',
          update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: 'x' },
        },
        { type: 'thread.item.added', item: { id: 'msg_1', type: 'assistant_message', content: [], ...base } },
        {
          type: 'thread.item.updated',
          item_id: 'msg_1',
          update: { type: 'assistant_message.content_part.text_delta', content_index: 3, delta: 'x' },
        },
        { type: 'thread.item.updated', item_id: 'msg_1', update: { type: 'made.up' } },
      ]),
    ).toEqual([
      'thread.item.updated for item msg_404, never added',
      'item msg_1: a text delta for content part 3, which was never added',
      'item msg_1: an update of unknown type "made.up"',
    ])
  })
})

describe('ThreadRebuilder.applyRequest', () => {
  const base = { thread_id: 'thr_1', created_at: '2026-12-04T12:00:00Z' }
  const load = () => {
    const rebuilder = new ThreadRebuilder()
    rebuilder.load({
      id: 'thr_1',
      items: {
        data: [
          { id: 'msg_1', type: 'user_message', ...base },
          { id: 'ctc_1', type: 'client_tool_call', status: 'pending', ...base },
          { id: 'msg_2', type: 'assistant_message', ...base },
          { id: 'ctc_2', type: 'client_tool_call', status: 'pending', ...base },
        ],
      },
    })
    return rebuilder
  }
  const ids = (rebuilder: ThreadRebuilder) => rebuilder.threads.get('thr_1')?.items.map((item) => item.id)

  it('threads.retry_after_item drops the items after the one retried', () => {
    const rebuilder = load()
    rebuilder.applyRequest('threads.retry_after_item', { thread_id: 'thr_1', item_id: 'msg_1' })
    expect(ids(rebuilder)).toEqual(['msg_1'])
  })

  it('threads.add_client_tool_output completes the last pending call and drops the others', () => {
    const rebuilder = load()
    rebuilder.applyRequest('threads.add_client_tool_output', { thread_id: 'thr_1', result: { ok: 1 } })
    expect(ids(rebuilder)).toEqual(['msg_1', 'msg_2', 'ctc_2'])
    expect(rebuilder.threads.get('thr_1')?.items[2]).toMatchObject({ status: 'completed', output: { ok: 1 } })
  })

  it('another request, or an unknown thread, changes nothing', () => {
    const rebuilder = load()
    rebuilder.applyRequest('threads.add_user_message', { thread_id: 'thr_1' })
    rebuilder.applyRequest('threads.retry_after_item', { thread_id: 'thr_9', item_id: 'msg_1' })
    expect(ids(rebuilder)).toEqual(['msg_1', 'ctc_1', 'msg_2', 'ctc_2'])
  })
})
