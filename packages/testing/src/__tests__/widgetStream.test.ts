import { PGlite } from '@electric-sql/pglite'
import {
  createChatKitServer,
  createMemoryStore,
  type Store,
  type ThreadItem,
  type WidgetRoot,
} from '@chatkit-session/chatkit-server'
import type { ChatKitUserContext } from '@chatkit-session/chatkit-server/fetch'
import { createPostgresStore } from '@chatkit-session/chatkit-server/postgres'
import { parseWidgetTemplate, streamWidget, type Card } from '@chatkit-session/chatkit-server/widgets'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  checkItemLifecycle,
  checkStreamOpening,
  compareWithServer,
  createChatKitProtocolClient,
  type ListeningServer,
} from '../protocol.ts'
import { mintToken, serveChatKit, userInput } from './protocolHarness.ts'

// streamWidget's events through the real server and the headless client: a widget streamed in
// states (text appended to a streaming component, then a root change, inside a Transition whose
// children is one component) must reach the client as the server saved it. The client's thread,
// rebuilt from the events, must equal threads.get_by_id + items.list, and the saved widget must be
// the last state (without its null fields).

const USER: ChatKitUserContext = { userId: 'user_widgets' }

const TEMPLATE = parseWidgetTemplate({
  version: '1.0',
  name: 'Summary',
  template:
    '{"type":"Card","children":[{"type":"Title","value":{{ (title) | tojson }}},{"type":"Transition","children":{"type":"Markdown","id":"body","value":"","streaming":true}}]}',
  jsonSchema: { type: 'object', required: ['title'], properties: { title: { type: 'string' } } },
})

/** The states the widget streams in: the template's, text appended, then a footer and a badge. */
async function* states(title: string): AsyncGenerator<WidgetRoot> {
  const widget = TEMPLATE.build({ title }) as Card & { children: [unknown, { children: { value: string } }] }
  yield widget
  for (const word of ['Widgets ', 'stream ', '<safely> & "well"']) {
    widget.children[1].children.value += word
    yield widget
  }
  yield {
    type: 'Card',
    key: null,
    children: [
      { type: 'Title', value: title },
      {
        type: 'Transition',
        children: { type: 'Markdown', id: 'body', value: 'Widgets stream <safely> & "well"' },
      },
      { type: 'Badge', label: 'done', color: 'success' },
    ],
  }
}

const STORES = [
  {
    name: 'memory store',
    open: async () => ({ store: createMemoryStore<ChatKitUserContext>(), close: async () => {} }),
  },
  {
    name: 'PGlite store',
    open: async () => {
      const db = new PGlite()
      return { store: createPostgresStore<ChatKitUserContext>({ db }), close: () => db.close() }
    },
  },
]

describe.each(STORES)('streamWidget through createChatKitServer on the $name', ({ open }) => {
  const servers: ListeningServer[] = []
  let store: Store<ChatKitUserContext>
  let close: () => Promise<void>
  let url: string
  let token: string

  beforeAll(async () => {
    ;({ store, close } = await open())
    const server = createChatKitServer<ChatKitUserContext>({
      store,
      respond: async function* (thread, _input, _context, { generateItemId }) {
        yield* streamWidget({
          threadId: thread.id,
          id: generateItemId('message'),
          widget: states('Report'),
          copyText: 'Report',
        })
      },
    })
    url = await serveChatKit(server, servers)
    token = await mintToken(USER.userId)
  }, 60_000)
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()))
    await close()
  })

  it('the rebuilt thread equals the stored one, and the stored widget is the last state', async () => {
    const client = createChatKitProtocolClient({ url, getToken: () => token })
    const stream = await client.stream('threads.create', userInput('Show me'))
    expect(stream.problems).toEqual([])
    expect(checkStreamOpening(stream.events)).toEqual([])
    expect(checkItemLifecycle(stream.events, [])).toEqual([])
    const updates = stream.events.flatMap((event) =>
      event.type === 'thread.item.updated' ? [event.update] : [],
    )
    expect(updates.map((update) => (update as { type: string }).type)).toEqual([
      'widget.streaming_text.value_delta',
      'widget.streaming_text.value_delta',
      'widget.streaming_text.value_delta',
      'widget.root.updated',
    ])
    const threadId = stream.threadId ?? ''
    expect(await compareWithServer(client, threadId)).toEqual([])

    const page = await store.loadThreadItems(threadId, { after: null, limit: 10, order: 'asc' }, USER)
    const saved = page.data.find(
      (item): item is Extract<ThreadItem, { type: 'widget' }> => item.type === 'widget',
    )
    expect(saved?.copy_text).toBe('Report')
    expect(saved?.widget).toEqual({
      type: 'Card',
      children: [
        { type: 'Title', value: 'Report' },
        {
          type: 'Transition',
          children: { type: 'Markdown', id: 'body', value: 'Widgets stream <safely> & "well"' },
        },
        { type: 'Badge', label: 'done', color: 'success' },
      ],
    })
    expect(client.threads.get(threadId)?.items.find((item) => item.type === 'widget')?.widget).toEqual(
      saved?.widget,
    )
  }, 60_000)
})
