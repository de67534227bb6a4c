import { Agent, OpenAIProvider, run, Runner, setTracingDisabled, tool, type RunContext } from '@openai/agents'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import {
  chatKitContext,
  ChatKitContextError,
  createAgentResponder,
  createChatKitRunContext,
  streamAgentResponse,
  type ChatKitAgentContext,
} from '../../agents.ts'
import type { ChatKitServer } from '../../chatKitServer.ts'
import { createChatKitServer } from '../../createChatKitServer.ts'
import type { ThreadStreamEvent } from '../../events.ts'
import type { WidgetRoot } from '../../types.ts'
import { ALICE, clock, counterIds, eventsOf, jsonOf, NOW, testStore } from '../harness.ts'
import { FakeModel } from './fakeModel.ts'
import { startFakeResponsesApi, type FakeResponsesApi } from './fakeResponsesApi.ts'

// The SDK's tracing exports to OpenAI's API: never from these tests.
beforeAll(() => setTracingDisabled(true))

let api: FakeResponsesApi | undefined
afterEach(async () => {
  await api?.close()
  api = undefined
})

const input = (text: string) => ({
  content: [{ type: 'input_text', text }],
  attachments: [],
  inference_options: {},
})

const weatherCard: WidgetRoot = {
  type: 'Card',
  children: [
    { type: 'Title', value: 'Paris' },
    { type: 'Text', value: 'Sunny, 21°C' },
  ],
}

/**
 * A ChatKit server whose agent, on the fake Responses API, calls `show` once (its first
 * response) and then answers `Here it is.`; the tool runs `body` with its ChatKit context.
 */
async function widgetServer(body: (chatkit: ChatKitAgentContext) => Promise<string>) {
  api = await startFakeResponsesApi(['Here it is.'], [], undefined, {
    functionCall: { name: 'show', arguments: {}, callId: 'call_show' },
  })
  const store = testStore()
  const show = tool({
    name: 'show',
    description: 'Shows the user a widget',
    parameters: z.object({}),
    execute: (_args, runContext?: RunContext<{ userId: string }>) => {
      // The app's own run context is still there, beside the ChatKit side.
      expect(runContext?.context.userId).toBe('alice')
      return body(chatKitContext(runContext))
    },
  })
  const agent = new Agent<{ userId: string }>({ name: 'helper', model: 'gpt-test', tools: [show] })
  const runner = new Runner({
    modelProvider: new OpenAIProvider({
      apiKey: 'sk-test-not-a-key',
      baseURL: api.baseURL,
      useResponses: true,
    }),
  })
  const onError = vi.fn()
  const server = createChatKitServer({
    store,
    respond: createAgentResponder({
      agent,
      store,
      runner,
      onError,
      runContext: (_thread, context: typeof ALICE) => context,
    }),
    now: clock,
  })
  return { server, store, onError, api }
}

/** The events of the run that follow the user message and stream_options. */
async function firstTurn(server: ChatKitServer<typeof ALICE>, text = 'Weather?') {
  const events = await eventsOf(
    await server.process({ type: 'threads.create', params: { input: input(text) } }, ALICE),
  )
  expect(events.slice(0, 3).map((event) => event.type)).toEqual([
    'thread.created',
    'thread.item.done',
    'stream_options',
  ])
  return events.slice(3)
}

/** The id of the widget item the run streamed (the SDKs start the tool at different points). */
const widgetIdOf = (events: Record<string, unknown>[]) => {
  const item = events
    .map((event) => event.item as { id: string; type: string } | undefined)
    .find((candidate) => candidate?.type === 'widget')
  if (!item) throw new Error('no widget streamed')
  return item.id
}

const widgetEvents = (events: Record<string, unknown>[]) =>
  events.filter(
    (event) =>
      (event.item as { type?: string } | undefined)?.type === 'widget' ||
      (typeof event.item_id === 'string' &&
        events.some(
          (other) =>
            (other.item as { id?: string; type?: string } | undefined)?.id === event.item_id &&
            (other.item as { type?: string }).type === 'widget',
        )),
  )

describe('a tool shows a widget through chatKitContext(runContext).streamWidget', () => {
  it('one widget: its item done before the answer, saved, and listed by items.list', async () => {
    const { server, store, onError } = await widgetServer(async (chatkit) => {
      await chatkit.streamWidget(weatherCard, { copyText: 'Paris: sunny, 21°C' })
      return 'The user sees the weather card.'
    })

    const events = await firstTurn(server)

    const id = widgetIdOf(events)
    const widget = {
      type: 'widget',
      id,
      thread_id: 'thread_001',
      created_at: NOW,
      widget: weatherCard,
      copy_text: 'Paris: sunny, 21°C',
    }
    // The workflow of the call ends when the widget shows, as it does for a message.
    const done = events.filter((event) => event.type === 'thread.item.done')
    expect(done.map((event) => (event.item as { type: string }).type)).toEqual([
      'workflow',
      'widget',
      'assistant_message',
    ])
    expect(widgetEvents(events)).toEqual([{ type: 'thread.item.done', item: widget }])
    expect(onError).not.toHaveBeenCalled()

    const listed = jsonOf(
      await server.process({ type: 'items.list', params: { thread_id: 'thread_001', order: 'asc' } }, ALICE),
    ) as { data: { type: string }[] }
    // The test clock stands still: items of one instant sort by id, not by when they came.
    expect(listed.data.map((item) => item.type).sort()).toEqual([
      'assistant_message',
      'user_message',
      'widget',
      'workflow',
    ])
    expect(listed.data).toContainEqual(widget)
    expect(await store.loadItem('thread_001', id, ALICE)).toEqual(widget)
  })

  it('successive states: added with the first, a value_delta per grown text, done with the last (chatkit-python’s generator test)', async () => {
    const render = (length: number): WidgetRoot => ({
      type: 'Card',
      children: [{ type: 'Text', id: 'text', value: 'Hello, world'.slice(0, length) }],
    })
    async function* states() {
      yield render(0)
      yield render(12)
    }
    const { server, store } = await widgetServer(async (chatkit) => {
      await chatkit.streamWidget(states())
      return 'shown'
    })

    const events = await firstTurn(server)
    const id = widgetIdOf(events)

    expect(widgetEvents(events)).toEqual([
      {
        type: 'thread.item.added',
        item: { type: 'widget', id, thread_id: 'thread_001', created_at: NOW, widget: render(0) },
      },
      {
        type: 'thread.item.updated',
        item_id: id,
        update: {
          type: 'widget.streaming_text.value_delta',
          component_id: 'text',
          delta: 'Hello, world',
          done: true,
        },
      },
      {
        type: 'thread.item.done',
        item: { type: 'widget', id, thread_id: 'thread_001', created_at: NOW, widget: render(12) },
      },
    ])
    expect(await store.loadItem('thread_001', id, ALICE)).toMatchObject({ widget: render(12) })
  })

  it('a change other than appended text: widget.root.updated with the whole new widget (chatkit-python’s full replace test)', async () => {
    const first: WidgetRoot = { type: 'Card', children: [{ type: 'Text', id: 'text', value: 'Hello!' }] }
    const second: WidgetRoot = {
      type: 'Card',
      children: [{ type: 'Text', key: 'other text', value: 'World!', streaming: false }],
    }
    const { server } = await widgetServer(async (chatkit) => {
      await chatkit.streamWidget([first, second])
      return 'shown'
    })

    const events = await firstTurn(server)

    expect(widgetEvents(events).map((event) => event.type)).toEqual([
      'thread.item.added',
      'thread.item.updated',
      'thread.item.done',
    ])
    expect(widgetEvents(events)[0]).toMatchObject({ item: { widget: first } })
    expect(widgetEvents(events)[1]).toEqual({
      type: 'thread.item.updated',
      item_id: widgetIdOf(events),
      update: { type: 'widget.root.updated', widget: second },
    })
    expect(widgetEvents(events)[2]).toMatchObject({ item: { widget: second } })
  })

  it('the model reads the widget as a short text in the next turn, never its JSON', async () => {
    const { server, api } = await widgetServer(async (chatkit) => {
      await chatkit.streamWidget(weatherCard)
      return 'The user sees the weather card.'
    })
    const id = widgetIdOf(await firstTurn(server))
    // The same run goes on with the tool's output only: the widget is the browser's.
    expect(JSON.stringify(api.requests[1]?.input)).toContain('The user sees the weather card.')
    expect(JSON.stringify(api.requests[1]?.input)).not.toContain('Sunny')

    await eventsOf(
      await server.process(
        { type: 'threads.add_user_message', params: { thread_id: 'thread_001', input: input('Thanks') } },
        ALICE,
      ),
    )

    expect(api.requests).toHaveLength(3)
    const later = JSON.stringify(api.requests[2]?.input)
    expect(later).toContain(JSON.stringify(`The user was shown a widget (id ${id}):\nParis\nSunny, 21°C`))
    expect(later).not.toMatch(/"Card"|"children"|"Title"/)
  })

  it('a cancelled stream while a widget streams closes its side channel: the tool’s await rejects, the states stop', async () => {
    let release = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    let sourceClosed = false
    let statesRead = 0
    async function* states(): AsyncGenerator<WidgetRoot> {
      try {
        statesRead++
        yield { type: 'Card', children: [{ type: 'Text', id: 't', value: 'Loading', streaming: true }] }
        await gate
        statesRead++
        yield { type: 'Card', children: [{ type: 'Text', id: 't', value: 'Loading more', streaming: true }] }
        statesRead++
        yield { type: 'Card', children: [{ type: 'Text', id: 't', value: 'Never shown' }] }
      } finally {
        sourceClosed = true
      }
    }
    let toolError: unknown
    const { server, store } = await widgetServer(async (chatkit) => {
      try {
        await chatkit.streamWidget(states())
      } catch (error) {
        toolError = error
        throw error
      }
      return 'shown'
    })
    const result = await server.process(
      { type: 'threads.create', params: { input: input('Weather?') } },
      ALICE,
    )
    if (result.type !== 'stream') throw new Error('expected a stream')
    const reader = result.stream.getReader()
    let text = ''
    while (!text.includes('"type":"widget"')) {
      const { value, done } = await reader.read()
      if (done) throw new Error('stream ended early')
      text += new TextDecoder().decode(value)
    }

    await reader.cancel()

    // The tool is not left waiting on a queue nobody reads.
    await vi.waitFor(() => expect(toolError).toBeInstanceOf(ChatKitContextError))
    expect(toolError).toMatchObject({ code: 'run_ended' })
    // A source waiting inside an await stops at its next yield: that state is never read on.
    release()
    await vi.waitFor(() => expect(sourceClosed).toBe(true))
    expect(statesRead).toBe(2)
    const items = (
      await store.loadThreadItems('thread_001', { after: null, limit: 100, order: 'asc' }, ALICE)
    ).data
    expect(items.map((item) => item.type)).not.toContain('widget')
  })
})

describe('a widget and a guardrail tripwire', () => {
  it('an output guardrail takes the widget back with the run’s other items, from the browser and the store', async () => {
    const model = new FakeModel([
      { toolCalls: [{ name: 'show', arguments: {}, callId: 'call_1' }] },
      { text: ['Something I should not say'] },
    ])
    const show = tool({
      name: 'show',
      description: 'Shows a widget',
      parameters: z.object({}),
      execute: async (_args, runContext) => {
        await chatKitContext(runContext).streamWidget(weatherCard)
        return 'shown'
      },
    })
    const agent = new Agent({
      name: 'helper',
      model,
      tools: [show],
      outputGuardrails: [
        {
          name: 'never',
          execute: () => Promise.resolve({ tripwireTriggered: true, outputInfo: { reason: 'no' } }),
        },
      ],
    })
    const store = testStore()
    const server = createChatKitServer({
      store,
      respond: createAgentResponder({ agent, store, onError: vi.fn() }),
      now: clock,
    })

    const events = await firstTurn(server)

    const id = widgetIdOf(events)
    expect(events).toContainEqual({ type: 'thread.item.removed', item_id: id })
    expect(events.at(-1)).toEqual({ type: 'error', code: 'stream.error', allow_retry: true })
    const stored = (
      await store.loadThreadItems('thread_001', { after: null, limit: 100, order: 'asc' }, ALICE)
    ).data
    expect(stored.map((item) => item.type)).toEqual(['user_message'])
  })
})

describe('createChatKitRunContext with streamAgentResponse, in your own respond', () => {
  it('streams what was queued before the run’s first event, then the run; nothing once the stream ended', async () => {
    const runContext = createChatKitRunContext(
      { userId: 'alice' },
      {
        threadId: 'thr_1',
        generateItemId: counterIds(),
        now: () => NOW,
      },
    )
    const model = new FakeModel([{ text: ['Done.'] }])
    const result = await run(new Agent({ name: 'helper', model }), 'Hi', {
      stream: true,
      context: runContext,
    })
    await chatKitContext(runContext).streamWidget(weatherCard)

    const events: ThreadStreamEvent[] = []
    for await (const event of streamAgentResponse(result, {
      threadId: 'thr_1',
      generateItemId: counterIds(),
      now: () => NOW,
      runContext,
    }))
      events.push(event)

    expect(events[0]).toEqual({
      type: 'thread.item.done',
      item: { type: 'widget', id: 'message_001', thread_id: 'thr_1', created_at: NOW, widget: weatherCard },
    })
    expect(events.at(-1)).toMatchObject({ type: 'thread.item.done', item: { type: 'assistant_message' } })
    await expect(chatKitContext(runContext).streamWidget(weatherCard)).rejects.toMatchObject({
      code: 'run_ended',
    })
  })
})

describe('chatKitContext', () => {
  it('refuses a run context that is not of a ChatKit run, with a code', async () => {
    const { RunContext } = await import('@openai/agents')
    expect(() => chatKitContext(new RunContext({}))).toThrow(
      expect.objectContaining({ name: 'ChatKitContextError', code: 'outside_run' }),
    )
    expect(() => chatKitContext(undefined)).toThrow(expect.objectContaining({ code: 'outside_run' }))
  })
})
