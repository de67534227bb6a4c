import { Agent, OpenAIProvider, Runner, setTracingDisabled } from '@openai/agents'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { streamAgentResponse } from '../../agents.ts'
import type { ThreadStreamEvent } from '../../events.ts'
import type { Task } from '../../types.ts'
import { counterIds, NOW } from '../harness.ts'
import { FakeModel } from './fakeModel.ts'
import { startFakeResponsesApi, type FakeResponsesApi } from './fakeResponsesApi.ts'
import { streamTurns, updateOf } from './streamTurns.ts'

// The SDK's tracing exports to OpenAI's API: never from these tests.
beforeAll(() => setTracingDisabled(true))

const webSearch = (done: boolean) => ({
  type: done ? 'response.output_item.done' : 'response.output_item.added',
  output_index: 0,
  item: {
    type: 'web_search_call',
    id: 'ws_1',
    status: done ? 'completed' : 'in_progress',
    action: {
      type: 'search',
      query: 'weather paris',
      ...(done
        ? {
            sources: [
              { type: 'url', url: 'https://meteo.example/paris' },
              { type: 'url', url: 'https://news.example/rain', title: 'Rain all week' },
            ],
          }
        : {}),
    },
  },
})
const fileSearch = (done: boolean) => ({
  type: done ? 'response.output_item.done' : 'response.output_item.added',
  output_index: 1,
  item: {
    type: 'file_search_call',
    id: 'fs_1',
    status: done ? 'completed' : 'in_progress',
    queries: ['Hello, world!'],
    ...(done
      ? {
          results: [
            { file_id: 'f_123', filename: 'test.txt', text: 'Hello, world!', score: 1 },
            { file_id: 'f_123', filename: 'test.txt', text: 'Hello, friends!', score: 0.5 },
          ],
        }
      : {}),
  },
})
describe('hosted tools as ChatKit tasks with sources', () => {
  it('shows a web search as a search task with its query, then the pages read as URL sources; a file search as a file task with the files found', async () => {
    const events = await streamTurns([
      {
        raw: [webSearch(false), webSearch(true), fileSearch(false), fileSearch(true)],
        text: ['It will rain.'],
        outputBefore: [
          { type: 'hosted_tool_call', id: 'ws_1', name: 'web_search_call', status: 'completed' },
          { type: 'hosted_tool_call', id: 'fs_1', name: 'file_search_call', status: 'completed' },
        ],
      },
    ])

    const searching: Task = {
      type: 'web_search',
      status_indicator: 'loading',
      title_query: 'weather paris',
      queries: ['weather paris'],
      sources: [],
    }
    const searched: Task = {
      ...searching,
      status_indicator: 'complete',
      sources: [
        { type: 'url', url: 'https://meteo.example/paris', title: 'https://meteo.example/paris' },
        { type: 'url', url: 'https://news.example/rain', title: 'Rain all week' },
      ],
    }
    const fileSearching: Task = {
      type: 'file',
      status_indicator: 'loading',
      title: 'Searched files for Hello, world!',
      sources: [],
    }
    const fileSearched: Task = {
      ...fileSearching,
      status_indicator: 'complete',
      sources: [{ type: 'file', filename: 'test.txt', title: 'test.txt' }],
    }
    const workflow = { type: 'workflow', id: 'workflow_001', thread_id: 'thr_1', created_at: NOW } as const
    expect(events[0]).toEqual({
      type: 'thread.item.added',
      item: { ...workflow, workflow: { type: 'custom', tasks: [searching], expanded: false } },
    })
    expect(events.slice(1, 4).map(updateOf)).toEqual([
      { type: 'workflow.task.updated', task_index: 0, task: searched },
      { type: 'workflow.task.added', task_index: 1, task: fileSearching },
      { type: 'workflow.task.updated', task_index: 1, task: fileSearched },
    ])
    expect(events[4]).toEqual({
      type: 'thread.item.done',
      item: {
        ...workflow,
        workflow: {
          type: 'custom',
          tasks: [searched, fileSearched],
          summary: { duration: 0 },
          expanded: false,
        },
      },
    })
    // The answer follows; the calls the SDK reports after the response add nothing.
    expect(events.slice(5).filter((event) => event.type === 'thread.item.added')).toHaveLength(1)
    expect(events.at(-1)).toMatchObject({ type: 'thread.item.done', item: { type: 'assistant_message' } })
  })

  it('shows a search the stream only reports done as a completed task', async () => {
    const events = await streamTurns([{ raw: [webSearch(true)], text: ['Ok.'] }])

    expect(events[0]).toMatchObject({
      type: 'thread.item.added',
      item: {
        workflow: {
          tasks: [{ type: 'web_search', status_indicator: 'complete', queries: ['weather paris'] }],
        },
      },
    })
  })
})

describe('handoffs', () => {
  it("shows a handoff as a task named after the target agent, and the target's answer as the next message", async () => {
    const billing = new Agent({
      name: 'Billing',
      model: new FakeModel([{ text: ['Your invoice ', 'is paid.'] }]),
    })

    const events = await streamTurns(
      [{ toolCalls: [{ name: 'transfer_to_Billing', arguments: {}, callId: 'call_h' }] }],
      {},
      { name: 'Triage', handoffs: [billing] },
    )

    const handedOff: Task = { type: 'custom', title: 'Handed off to Billing', status_indicator: 'complete' }
    expect(events.slice(0, 2)).toEqual([
      {
        type: 'thread.item.added',
        item: {
          type: 'workflow',
          id: 'workflow_001',
          thread_id: 'thr_1',
          created_at: NOW,
          workflow: { type: 'custom', tasks: [handedOff], expanded: false },
        },
      },
      expect.objectContaining({
        type: 'thread.item.done',
        item: expect.objectContaining({ id: 'workflow_001' }),
      }),
    ])
    expect(events.slice(2).map((event) => event.type)).toEqual([
      'thread.item.added',
      'thread.item.updated',
      'thread.item.updated',
      'thread.item.updated',
      'thread.item.updated',
      'thread.item.done',
    ])
    expect(events.at(-1)).toMatchObject({
      item: {
        type: 'assistant_message',
        id: 'message_002',
        content: [{ type: 'output_text', text: 'Your invoice is paid.' }],
      },
    })
    // The handoff call itself is not a tool task.
    expect(JSON.stringify(events)).not.toContain('transfer_to_Billing')
  })
})

describe(`hosted tools through the SDK's own OpenAI Responses model, on Node ${process.versions.node}`, () => {
  let api: FakeResponsesApi | undefined
  afterEach(() => api?.close())

  it('shows a web search and a generated image from a Responses API on 127.0.0.1, and no extra task for them', async () => {
    const searched = webSearch(true).item
    const image = { type: 'image_generation_call', id: 'ig_1', status: 'completed', result: 'aW1n' }
    api = await startFakeResponsesApi(['Here.'], [], undefined, {
      before: {
        events: [
          webSearch(false),
          webSearch(true),
          {
            type: 'response.output_item.added',
            output_index: 1,
            item: { ...image, status: 'in_progress', result: null },
          },
          {
            type: 'response.image_generation_call.partial_image',
            item_id: 'ig_1',
            output_index: 1,
            partial_image_index: 0,
            partial_image_b64: 'cGFy',
          },
          { type: 'response.output_item.done', output_index: 1, item: image },
        ],
        output: [searched, image],
      },
    })
    const runner = new Runner({
      modelProvider: new OpenAIProvider({
        apiKey: 'sk-test-not-a-key',
        baseURL: api.baseURL,
        useResponses: true,
      }),
    })
    const result = await runner.run(new Agent({ name: 'helper', model: 'gpt-test' }), 'Rain? Draw it.', {
      stream: true,
    })

    const events: ThreadStreamEvent[] = []
    for await (const event of streamAgentResponse(result, {
      threadId: 'thr_1',
      generateItemId: counterIds(),
      now: () => NOW,
      partialImages: 2,
    }))
      events.push(event)

    const shape = events.map((event) =>
      event.type === 'thread.item.updated'
        ? event.update.type
        : `${event.type} ${'item' in event ? event.item.type : ''}`,
    )
    expect(shape).toEqual([
      'thread.item.added workflow',
      'workflow.task.updated',
      'thread.item.done workflow',
      'thread.item.added generated_image',
      'generated_image.updated',
      'thread.item.done generated_image',
      'thread.item.added assistant_message',
      'assistant_message.content_part.added',
      'assistant_message.content_part.text_delta',
      'assistant_message.content_part.done',
      'thread.item.done assistant_message',
    ])
    expect(events[2]).toMatchObject({
      item: {
        workflow: {
          tasks: [
            {
              type: 'web_search',
              status_indicator: 'complete',
              sources: [{ url: 'https://meteo.example/paris' }, { title: 'Rain all week' }],
            },
          ],
        },
      },
    })
    expect(events[5]).toMatchObject({ item: { image: { id: 'ig_1', url: 'data:image/png;base64,aW1n' } } })
  })
})
