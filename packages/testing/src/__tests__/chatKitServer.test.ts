import { PGlite } from '@electric-sql/pglite'
import {
  CANCELLED_CONTENT,
  createChatKitServer,
  createMemoryStore,
  streamAssistantText,
  type RespondOptions,
  type StreamAssistantTextOptions,
  type UserMessageItem,
  type Store,
  type ThreadItem,
  type ThreadMetadata,
  type ThreadStreamEvent,
} from '@chatkit-session/chatkit-server'
import type { ChatKitUserContext } from '@chatkit-session/chatkit-server/fetch'
import { createPostgresStore } from '@chatkit-session/chatkit-server/postgres'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  checkItemLifecycle,
  checkStreamOpening,
  compareWithServer,
  createChatKitProtocolClient,
  findHiddenItems,
  type ChatKitProtocolClient,
  type ListeningServer,
  type ProtocolStream,
} from '../protocol.ts'
import { mintToken, serveChatKit, userInput } from './protocolHarness.ts'

// The headless client against the real server: createChatKitHandler in front of
// createChatKitServer, on the memory store and on the PGlite store, over HTTP on 127.0.0.1 with
// a token of the token route. Every streaming request type runs; after each stream the client's
// rebuilt thread must equal threads.get_by_id + every page of items.list, every item added must
// be done or removed, and the hidden context items `respond` emits must stay on the server.

const USER: ChatKitUserContext = { userId: 'user_1' }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The words of the slow reply that the cancel test stops after its first delta. */
const SLOW_WORDS = Array.from({ length: 60 }, (_, i) => ` w${i}`)

/** A hidden context item, added then done, as an app keeps notes for the model. */
function* hiddenNote(
  thread: ThreadMetadata,
  options: RespondOptions,
  note: string,
): Generator<ThreadStreamEvent> {
  const item: ThreadItem = {
    type: 'hidden_context_item',
    id: options.generateItemId('message'),
    thread_id: thread.id,
    created_at: options.now(),
    content: { note },
  }
  yield { type: 'thread.item.added', item }
  yield { type: 'thread.item.done', item }
}

const reply = (thread: ThreadMetadata, options: RespondOptions, text: StreamAssistantTextOptions['text']) =>
  streamAssistantText({
    threadId: thread.id,
    id: options.generateItemId('message'),
    text,
    createdAt: options.now(),
  })

/**
 * The app's `respond`: the user's text picks what it streams. Every turn starts with a hidden
 * note; `tool` ends on a pending client tool call, `ask` on a pending structured input, `widget`
 * on a widget with an action, `slow` streams word by word; anything else is a short reply.
 */
async function* respond(
  thread: ThreadMetadata,
  input: UserMessageItem | null,
  _context: ChatKitUserContext,
  options: RespondOptions,
): AsyncGenerator<ThreadStreamEvent> {
  const text = input?.content.map((part) => part.text).join(' ') ?? ''
  yield* hiddenNote(thread, options, input === null ? 'continuation' : `user said ${text.length} chars`)
  if (thread.title == null) thread.title = `About ${text}`
  const base = () => ({
    id: options.generateItemId('message'),
    thread_id: thread.id,
    created_at: options.now(),
  })
  if (text === 'tool') {
    const call: ThreadItem = {
      ...base(),
      type: 'client_tool_call',
      status: 'pending',
      call_id: 'call_1',
      name: 'get_location',
      arguments: { precise: false },
    }
    yield { type: 'thread.item.done', item: call }
  } else if (text === 'ask') {
    const ask: ThreadItem = {
      ...base(),
      type: 'structured_input',
      status: 'pending',
      inputs: [
        { type: 'multiple_choice', id: 'q1', question: 'Size?', options: [{ value: 's' }, { value: 'm' }] },
        { type: 'freeform', id: 'q2', question: 'Why?' },
      ],
    }
    yield { type: 'thread.item.added', item: ask }
    yield { type: 'thread.item.done', item: ask }
  } else if (text === 'widget') {
    const widget: ThreadItem = {
      ...base(),
      type: 'widget',
      widget: {
        type: 'Card',
        children: [{ type: 'Button', id: 'b1', label: 'Go', onClickAction: { type: 'go' } }],
      },
    }
    yield { type: 'thread.item.done', item: widget }
  } else if (text === 'slow') {
    yield* reply(
      thread,
      options,
      (async function* () {
        for (const word of SLOW_WORDS) {
          await sleep(10)
          yield word
        }
      })(),
    )
  } else {
    yield* reply(thread, options, ['You said', ': ', text === '' ? '(continue)' : text])
  }
}

interface StoreCase {
  name: string
  open: () => Promise<{ store: Store<ChatKitUserContext>; close: () => Promise<void> }>
}

const STORES: StoreCase[] = [
  { name: 'memory store', open: async () => ({ store: createMemoryStore(), close: async () => {} }) },
  {
    name: 'PGlite store',
    open: async () => {
      const db = new PGlite()
      return { store: createPostgresStore({ db }), close: () => db.close() }
    },
  },
]

/** What every stream must show: no client-side problem, the opening, the lifecycle, no hidden item. */
function checkStream(stream: ProtocolStream): string[] {
  return [
    ...stream.problems,
    ...checkStreamOpening(stream.events),
    ...checkItemLifecycle(stream.events, stream.cancelled ? stream.pendingItemIds : []),
    ...findHiddenItems(stream.events),
  ]
}

/** Every item the store holds for a thread, hidden ones included, oldest first. */
async function storedItems(store: Store<ChatKitUserContext>, threadId: string): Promise<ThreadItem[]> {
  const page = await store.loadThreadItems(threadId, { after: null, limit: 1000, order: 'asc' }, USER)
  return page.data
}

describe.each(STORES)(
  'the headless client against createChatKitServer on the $name',
  ({ open }) => {
    const servers: ListeningServer[] = []
    let store: Store<ChatKitUserContext>
    let close: () => Promise<void>
    let url: string
    let token: string
    const actions: string[] = []
    const errors: unknown[] = []

    beforeAll(async () => {
      ;({ store, close } = await open())
      const server = createChatKitServer<ChatKitUserContext>({
        store,
        respond,
        action: async function* (thread, action, sender, _context, options) {
          actions.push(`${action.type} from ${sender?.type ?? 'nothing'}`)
          yield* hiddenNote(thread, options, `action ${action.type}`)
          yield* reply(thread, options, `Done: ${action.type}`)
        },
        onError: (error) => errors.push(error),
        // One millisecond per reading: items never share a created_at, so the store's order is the
        // order they were made in whatever their random ids.
        now: (
          (tick) => () =>
            new Date(Date.UTC(2026, 11, 4) + tick++)
        )(0),
      })
      url = await serveChatKit(server, servers)
      token = await mintToken(USER.userId)
    }, 60_000)
    afterAll(async () => {
      await Promise.all(servers.map((server) => server.stop()))
      await close()
    })

    /** A client with two items per `items.list` page, so loading a thread reads several pages. */
    const newClient = (): ChatKitProtocolClient =>
      createChatKitProtocolClient({ url, getToken: () => token, pageSize: 2 })

    /**
     * Streams one request and checks it, then compares the whole thread with the server's (the
     * server may have saved more of `partialItemIds`, a cancelled stream's items, than it sent).
     */
    async function streamAndCompare(
      client: ChatKitProtocolClient,
      type: string,
      params: Record<string, unknown>,
      partialItemIds: readonly string[] = [],
    ): Promise<ProtocolStream> {
      const stream = await client.stream(type, params)
      expect(checkStream(stream), type).toEqual([])
      expect(
        stream.events.some((event) => event.type === 'error'),
        `${type} streamed an error`,
      ).toBe(false)
      expect(errors, type).toEqual([])
      expect(await compareWithServer(client, stream.threadId, partialItemIds), type).toEqual([])
      return stream
    }

    const itemsOf = (client: ChatKitProtocolClient, threadId: string | undefined) =>
      client.threads.get(threadId ?? '')?.items ?? []

    it('threads.create, threads.add_user_message, threads.retry_after_item: rebuilt equals stored, hidden items stay stored', async () => {
      const client = newClient()
      const created = await streamAndCompare(client, 'threads.create', userInput('Hi'))
      const threadId = created.threadId ?? ''
      expect(created.events.map((event) => event.type).slice(0, 3)).toEqual([
        'thread.created',
        'thread.item.done',
        'stream_options',
      ])
      expect(client.threads.get(threadId)?.thread.title).toBe('About Hi')
      await streamAndCompare(client, 'threads.add_user_message', {
        thread_id: threadId,
        ...userInput('Again'),
      })
      expect(itemsOf(client, threadId).map((item) => item.type)).toEqual([
        'user_message',
        'assistant_message',
        'user_message',
        'assistant_message',
      ])

      const firstMessage = itemsOf(client, threadId)[0]?.id
      const retried = await streamAndCompare(client, 'threads.retry_after_item', {
        thread_id: threadId,
        item_id: firstMessage,
      })
      expect(retried.events.filter((event) => event.type === 'thread.item.done')).toHaveLength(1)
      expect(itemsOf(client, threadId).map((item) => item.type)).toEqual([
        'user_message',
        'assistant_message',
      ])
      expect(itemsOf(client, threadId)[1]?.content).toEqual([
        { type: 'output_text', text: 'You said: Hi', annotations: [] },
      ])

      // The hidden notes are stored (the retry removed the ones after the first message)...
      const hidden = (await storedItems(store, threadId)).filter(
        (item) => item.type === 'hidden_context_item',
      )
      expect(hidden.map((item) => (item.content as { note: string }).note)).toEqual(['user said 2 chars'])
      // ...and the thread list names the thread, with its title.
      const list = await client.json<{ data: { id: string; title?: string }[] }>('threads.list', {
        limit: 100,
      })
      expect(list.data).toContainEqual(expect.objectContaining({ id: threadId, title: 'About Hi' }))

      // Another user's token reads the thread as not found, and cannot stream into it.
      const otherToken = await mintToken('user_2')
      const other = createChatKitProtocolClient({ url, getToken: () => otherToken })
      await expect(other.json('threads.get_by_id', { thread_id: threadId })).rejects.toMatchObject({
        status: 404,
      })
      await expect(
        other.stream('threads.add_user_message', { thread_id: threadId, ...userInput('Mine now') }),
      ).rejects.toMatchObject({ status: 404 })
      expect(await compareWithServer(client, threadId)).toEqual([])
    })

    it('threads.add_client_tool_output: the pending call is completed with the output, and the reply streams', async () => {
      const client = newClient()
      const created = await streamAndCompare(client, 'threads.create', userInput('tool'))
      const threadId = created.threadId ?? ''
      expect(itemsOf(client, threadId).at(-1)).toMatchObject({ type: 'client_tool_call', status: 'pending' })
      await streamAndCompare(client, 'threads.add_client_tool_output', {
        thread_id: threadId,
        result: { city: 'Lyon' },
      })
      expect(itemsOf(client, threadId).map((item) => [item.type, item.status])).toEqual([
        ['user_message', undefined],
        ['client_tool_call', 'completed'],
        ['assistant_message', undefined],
      ])
      expect(itemsOf(client, threadId)[1]?.output).toEqual({ city: 'Lyon' })
      const stored = await storedItems(store, threadId)
      expect(stored.filter((item) => item.type === 'hidden_context_item')).toHaveLength(2)
    })

    it('threads.add_structured_input: the answered input replaces the pending one, and the reply streams', async () => {
      const client = newClient()
      const created = await streamAndCompare(client, 'threads.create', userInput('ask'))
      const threadId = created.threadId ?? ''
      const ask = itemsOf(client, threadId).at(-1)
      expect(ask).toMatchObject({ type: 'structured_input', status: 'pending' })
      const answered = await streamAndCompare(client, 'threads.add_structured_input', {
        thread_id: threadId,
        item_id: ask?.id,
        input: { status: 'answered', answers: { q1: { values: ['m', 's'] }, q2: { values: ['because'] } } },
      })
      expect(answered.events.map((event) => event.type)).toContain('thread.item.replaced')
      expect(itemsOf(client, threadId).find((item) => item.id === ask?.id)).toMatchObject({
        status: 'answered',
        inputs: [
          expect.objectContaining({ id: 'q1', answer: { values: ['m'], skipped: false } }),
          expect.objectContaining({ id: 'q2', answer: { values: ['because'], skipped: false } }),
        ],
      })
      // An input already answered is refused before any stream; a new one can be skipped.
      await expect(
        client.stream('threads.add_structured_input', {
          thread_id: threadId,
          item_id: ask?.id,
          input: { status: 'answered', answers: {} },
        }),
      ).rejects.toMatchObject({ status: 400 })
      await streamAndCompare(client, 'threads.add_user_message', { thread_id: threadId, ...userInput('ask') })
      const again = itemsOf(client, threadId).at(-1)
      await streamAndCompare(client, 'threads.add_structured_input', {
        thread_id: threadId,
        item_id: again?.id,
        input: { status: 'skipped', answers: { q1: { values: ['s'] } } },
      })
      expect(itemsOf(client, threadId).find((item) => item.id === again?.id)).toMatchObject({
        status: 'skipped',
        inputs: [
          expect.objectContaining({ answer: { values: [], skipped: true } }),
          expect.objectContaining({ answer: { values: [], skipped: true } }),
        ],
      })
    })

    it('threads.custom_action: the action handler gets the widget that sent it, and its reply streams', async () => {
      const client = newClient()
      const created = await streamAndCompare(client, 'threads.create', userInput('widget'))
      const threadId = created.threadId ?? ''
      const widget = itemsOf(client, threadId).at(-1)
      expect(widget?.type).toBe('widget')
      actions.length = 0
      await streamAndCompare(client, 'threads.custom_action', {
        thread_id: threadId,
        item_id: widget?.id,
        action: { type: 'go', payload: { n: 1 } },
      })
      expect(actions).toEqual(['go from widget'])
      expect(itemsOf(client, threadId).at(-1)?.content).toEqual([
        { type: 'output_text', text: 'Done: go', annotations: [] },
      ])
    })

    it('a stream cancelled halfway: the partial reply is saved, the hidden "cancelled" item is stored and never sent', async () => {
      const client = newClient()
      const created = await streamAndCompare(client, 'threads.create', userInput('Hi'))
      const threadId = created.threadId ?? ''
      const stream = await client.stream(
        'threads.add_user_message',
        { thread_id: threadId, ...userInput('slow') },
        {
          cancelAfter: (event) =>
            (event.update as { type?: string } | undefined)?.type ===
            'assistant_message.content_part.text_delta',
        },
      )
      expect(stream.cancelled).toBe(true)
      expect(stream.pendingItemIds).toHaveLength(1)
      expect(checkStream(stream)).toEqual([])
      const partialId = stream.pendingItemIds[0] ?? ''

      // The server notices the closed connection, then saves what it streamed and its hidden note.
      const cancelled = await vi.waitFor(
        async () => {
          const found = (await storedItems(store, threadId)).find(
            (item) => item.type === 'sdk_hidden_context',
          )
          expect(found).toBeDefined()
          return found
        },
        { timeout: 10_000, interval: 50 },
      )
      expect(cancelled?.content).toBe(CANCELLED_CONTENT)
      const saved = (await storedItems(store, threadId)).find((item) => item.id === partialId)
      const text = saved?.type === 'assistant_message' ? (saved.content[0]?.text ?? '') : ''
      expect(text.startsWith(' w0')).toBe(true)
      expect(text.length).toBeLessThan(SLOW_WORDS.join('').length)

      // The client's view (partial reply included) matches the server's; nothing hidden arrives,
      // not in the later turn either.
      expect(await compareWithServer(client, threadId, stream.pendingItemIds)).toEqual([])
      const after = await streamAndCompare(
        client,
        'threads.add_user_message',
        { thread_id: threadId, ...userInput('Next') },
        stream.pendingItemIds,
      )
      expect(after.events.map((event) => event.type)).not.toContain('error')
      const page = await client.json('items.list', { thread_id: threadId, limit: 100 })
      expect(findHiddenItems(page)).toEqual([])
      expect(JSON.stringify(page)).not.toContain(CANCELLED_CONTENT)
    })
  },
  30_000,
)
