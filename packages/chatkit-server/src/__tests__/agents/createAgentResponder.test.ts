import { Agent, setTracingDisabled, tool } from '@openai/agents'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { createAgentResponder } from '../../agents.ts'
import { CANCELLED_CONTENT, createChatKitServer } from '../../createChatKitServer.ts'
import { ALICE, clock, eventsOf, NOW, parseFrames, testStore } from '../harness.ts'
import { FakeModel, type FakeTurn } from './fakeModel.ts'

// The SDK's tracing exports to OpenAI's API: never from these tests.
beforeAll(() => setTracingDisabled(true))

const input = (text: string) => ({
  content: [{ type: 'input_text', text }],
  attachments: [],
  inference_options: {},
})

function setup(turns: FakeTurn[], onError = vi.fn()) {
  const model = new FakeModel(turns)
  const store = testStore()
  const agent = new Agent({ name: 'helper', instructions: 'Answer briefly.', model })
  const server = createChatKitServer({
    store,
    respond: createAgentResponder({ agent, store, onError }),
    now: clock,
  })
  return { model, store, server, onError }
}

async function allItems(store: ReturnType<typeof testStore>, threadId = 'thread_001') {
  return (await store.loadThreadItems(threadId, { after: null, limit: 100, order: 'asc' }, ALICE)).data
}

describe('createAgentResponder with createChatKitServer', () => {
  it('streams the agent reply as SSE and saves the assistant message in the store', async () => {
    const { store, server } = setup([{ text: ['Bonjour', ', ', 'Alice.'] }])

    const events = await eventsOf(
      await server.process({ type: 'threads.create', params: { input: input('Hi') } }, ALICE),
    )

    expect(events.map((event) => event.type)).toEqual([
      'thread.created',
      'thread.item.done', // the user message
      'stream_options',
      'thread.item.added',
      'thread.item.updated', // content part added
      'thread.item.updated',
      'thread.item.updated',
      'thread.item.updated', // three deltas
      'thread.item.updated', // content part done
      'thread.item.done',
    ])
    expect(
      events
        .slice(4, 9)
        .map(
          (event) =>
            (event.update as { type: string; delta?: string }).delta ??
            (event.update as { type: string }).type,
        ),
    ).toEqual([
      'assistant_message.content_part.added',
      'Bonjour',
      ', ',
      'Alice.',
      'assistant_message.content_part.done',
    ])
    expect(await allItems(store)).toEqual([
      expect.objectContaining({ type: 'user_message', content: [{ type: 'input_text', text: 'Hi' }] }),
      {
        type: 'assistant_message',
        id: 'message_003',
        thread_id: 'thread_001',
        created_at: NOW,
        content: [{ type: 'output_text', text: 'Bonjour, Alice.', annotations: [] }],
      },
    ])
  })

  it('gives the model the earlier turns and the hidden context, which the browser never gets', async () => {
    const { model, store, server } = setup([{ text: ['Paris.'] }, { text: ['Oslo.'] }])
    await eventsOf(
      await server.process({ type: 'threads.create', params: { input: input('Capital of France?') } }, ALICE),
    )
    const thread = await store.loadThread('thread_001', ALICE)
    await store.addThreadItem(
      thread.id,
      {
        type: 'hidden_context_item',
        // Items sort by (created_at, id) and the test clock stands still: the store's next id keeps the order.
        id: store.generateItemId('message', thread, ALICE),
        thread_id: thread.id,
        created_at: NOW,
        content: 'Plan: pro, tz Europe/Oslo',
      },
      ALICE,
    )

    const result = await server.process(
      { type: 'threads.add_user_message', params: { thread_id: thread.id, input: input('And Norway?') } },
      ALICE,
    )
    if (result.type !== 'stream') throw new Error('expected a stream')
    const sse = await new Response(result.stream).text()

    expect(model.requests[1]?.input).toEqual([
      { role: 'user', content: [{ type: 'input_text', text: 'Capital of France?' }] },
      { role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Paris.' }] },
      {
        role: 'user',
        content: [
          {
            type: 'input_text',
            text: 'Context for you, which the user does not see:\n<hidden_context>\nPlan: pro, tz Europe/Oslo\n</hidden_context>',
          },
        ],
      },
      { role: 'user', content: [{ type: 'input_text', text: 'And Norway?' }] },
    ])
    expect(parseFrames(sse).at(-1)).toMatchObject({
      type: 'thread.item.done',
      item: { type: 'assistant_message' },
    })
    expect(sse).not.toContain('Plan: pro')
  })

  it('sends a model error as stream.error without its text and gives it to onError', async () => {
    const failure = new Error('401 from provider: key sk-proj-XYZ invalid')
    const { server, store, onError } = setup([{ throws: failure }])

    const events = await eventsOf(
      await server.process({ type: 'threads.create', params: { input: input('Hi') } }, ALICE),
    )

    expect(events.at(-1)).toEqual({ type: 'error', code: 'stream.error', allow_retry: true })
    expect(onError).toHaveBeenCalledWith(failure)
    expect(JSON.stringify(events)).not.toMatch(/sk-proj|provider|401/)
    expect((await allItems(store)).map((item) => item.type)).toEqual(['user_message'])
  })

  it('stops the run when the stream is cancelled: the model call is aborted, the partial reply saved', async () => {
    const { model, store, server, onError } = setup([{ hangAfter: ['Half an ', 'answer'] }])
    const result = await server.process(
      { type: 'threads.create', params: { input: input('Long story?') } },
      ALICE,
    )
    if (result.type !== 'stream') throw new Error('expected a stream')
    const reader = result.stream.getReader()
    let text = ''
    while (!text.includes('"delta":"answer"')) {
      const { value, done } = await reader.read()
      if (done) throw new Error('stream ended early')
      text += new TextDecoder().decode(value)
    }

    await reader.cancel()

    await vi.waitFor(() => expect(model.aborted).toBe(true))
    expect(await allItems(store)).toEqual([
      expect.objectContaining({ type: 'user_message' }),
      expect.objectContaining({
        type: 'assistant_message',
        content: [{ type: 'output_text', text: 'Half an answer', annotations: [] }],
      }),
      expect.objectContaining({ type: 'sdk_hidden_context', content: CANCELLED_CONTENT }),
    ])
    // A cancelled run is not a failure.
    expect(onError).not.toHaveBeenCalled()
  })
})

describe('createAgentResponder options', () => {
  it('ends a run at a client tool call with a pending client_tool_call item, and continues with its output', async () => {
    const model = new FakeModel([
      { toolCalls: [{ name: 'pick_date', arguments: { after: '2026-12-04' }, callId: 'call_7' }] },
      { text: ['Booked for the 5th.'] },
    ])
    const store = testStore()
    const pickDate = tool({
      name: 'pick_date',
      description: 'Asks the user for a date, in the browser',
      parameters: z.object({ after: z.string() }),
      execute: () => '',
    })
    const agent = new Agent({
      name: 'helper',
      model,
      tools: [pickDate],
      toolUseBehavior: { stopAtToolNames: ['pick_date'] },
    })
    const server = createChatKitServer({
      store,
      respond: createAgentResponder({ agent, store, clientToolNames: ['pick_date'] }),
      now: clock,
    })

    const first = await eventsOf(
      await server.process({ type: 'threads.create', params: { input: input('Book it') } }, ALICE),
    )

    expect(first.at(-1)).toEqual({
      type: 'thread.item.done',
      item: {
        type: 'client_tool_call',
        id: 'tool_call_003',
        thread_id: 'thread_001',
        created_at: NOW,
        status: 'pending',
        call_id: 'call_7',
        name: 'pick_date',
        arguments: { after: '2026-12-04' },
      },
    })
    expect(JSON.stringify(first)).not.toContain('"workflow"')

    const second = await eventsOf(
      await server.process(
        {
          type: 'threads.add_client_tool_output',
          params: { thread_id: 'thread_001', result: { date: '2026-12-05' } },
        },
        ALICE,
      ),
    )

    expect(model.requests[1]?.input).toEqual([
      { role: 'user', content: [{ type: 'input_text', text: 'Book it' }] },
      { type: 'function_call', callId: 'call_7', name: 'pick_date', arguments: '{"after":"2026-12-04"}' },
      {
        type: 'function_call_result',
        callId: 'call_7',
        name: 'pick_date',
        status: 'completed',
        output: '{"date":"2026-12-05"}',
      },
    ])
    expect(second.at(-1)).toMatchObject({
      type: 'thread.item.done',
      item: { type: 'assistant_message', content: [{ text: 'Booked for the 5th.' }] },
    })
  })

  it('reads only the latest historyLimit items, oldest first, and hands runContext to the tools', async () => {
    const model = new FakeModel([{ text: ['one'] }, { text: ['two'] }])
    const store = testStore()
    const seenUsers: string[] = []
    const agent = new Agent<{ userId: string }>({
      name: 'helper',
      instructions: (runContext) => {
        seenUsers.push(runContext.context.userId)
        return 'Answer briefly.'
      },
      model,
    })
    const respond = createAgentResponder({
      agent,
      store,
      historyLimit: 2,
      runContext: (_thread, context: typeof ALICE) => context,
    })
    const server = createChatKitServer({ store, respond, now: clock })
    await eventsOf(await server.process({ type: 'threads.create', params: { input: input('first') } }, ALICE))

    await eventsOf(
      await server.process(
        { type: 'threads.add_user_message', params: { thread_id: 'thread_001', input: input('second') } },
        ALICE,
      ),
    )

    // first, one, second: the latest two are the assistant's "one" and "second".
    expect(model.requests[1]?.input).toEqual([
      { role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'one' }] },
      { role: 'user', content: [{ type: 'input_text', text: 'second' }] },
    ])
    expect(seenUsers).toEqual(['alice', 'alice'])
  })
})
