import {
  Agent,
  MaxTurnsExceededError,
  OpenAIProvider,
  run,
  Runner,
  setTracingDisabled,
  tool,
  type Model,
} from '@openai/agents'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { streamAgentResponse, type StreamAgentResponseOptions } from '../../agents.ts'
import type { ThreadStreamEvent } from '../../events.ts'
import type { Annotation, AssistantMessageContent } from '../../types.ts'
import { counterIds, NOW } from '../harness.ts'
import { FakeModel } from './fakeModel.ts'
import { startFakeResponsesApi, type FakeResponsesApi } from './fakeResponsesApi.ts'

// The SDK's tracing exports to OpenAI's API: never from these tests.
beforeAll(() => setTracingDisabled(true))

async function collect(events: AsyncIterable<ThreadStreamEvent>): Promise<ThreadStreamEvent[]> {
  const out: ThreadStreamEvent[] = []
  for await (const event of events) out.push(event)
  return out
}

function options(extra: Partial<StreamAgentResponseOptions> = {}): StreamAgentResponseOptions {
  return { threadId: 'thr_1', generateItemId: counterIds(), now: () => NOW, ...extra }
}

const emptyPart: AssistantMessageContent = { type: 'output_text', text: '', annotations: [] }

/** The exact events of one streamed assistant message. */
function textEvents(id: string, pieces: string[], annotations: Annotation[] = []): ThreadStreamEvent[] {
  const content = { type: 'output_text' as const, text: pieces.join(''), annotations }
  return [
    {
      type: 'thread.item.added',
      item: { type: 'assistant_message', id, thread_id: 'thr_1', created_at: NOW, content: [] },
    },
    {
      type: 'thread.item.updated',
      item_id: id,
      update: { type: 'assistant_message.content_part.added', content_index: 0, content: emptyPart },
    },
    ...pieces.map((delta): ThreadStreamEvent => ({
      type: 'thread.item.updated',
      item_id: id,
      update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta },
    })),
    {
      type: 'thread.item.updated',
      item_id: id,
      update: { type: 'assistant_message.content_part.done', content_index: 0, content },
    },
    {
      type: 'thread.item.done',
      item: { type: 'assistant_message', id, thread_id: 'thr_1', created_at: NOW, content: [content] },
    },
  ]
}

const agentWith = (model: Model, extra: Partial<ConstructorParameters<typeof Agent>[0]> = {}) =>
  new Agent({ name: 'helper', instructions: 'Answer briefly.', model, ...extra })

describe('streamAgentResponse', () => {
  it('streams assistant text as the item added, its part added, one delta per model delta, the part done and the item done', async () => {
    const model = new FakeModel([{ text: ['Hel', 'lo, ', 'Alice', '!'], messageId: 'msg_model_1' }])
    const result = await run(agentWith(model), 'Hi', { stream: true })

    const events = await collect(streamAgentResponse(result, options()))

    expect(events).toEqual(textEvents('message_001', ['Hel', 'lo, ', 'Alice', '!']))
  })

  it('shows tool calls as one workflow of tasks, loading then complete, done before the answer', async () => {
    const model = new FakeModel([
      {
        toolCalls: [
          { name: 'get_weather', arguments: { city: 'Paris' }, callId: 'call_1' },
          { name: 'get_weather', arguments: { city: 'Oslo' }, callId: 'call_2' },
        ],
      },
      { text: ['Sunny in Paris, ', 'snow in Oslo.'] },
    ])
    const getWeather = tool({
      name: 'get_weather',
      description: 'The weather in a city',
      parameters: z.object({ city: z.string() }),
      execute: ({ city }) => (city === 'Paris' ? 'sunny' : 'snow'),
    })
    const result = await run(agentWith(model, { tools: [getWeather] }), 'Weather?', { stream: true })

    const events = await collect(streamAgentResponse(result, options()))

    const loading = { type: 'custom', title: 'get_weather', status_indicator: 'loading' } as const
    const complete = { ...loading, status_indicator: 'complete' } as const
    const workflow = { type: 'workflow', id: 'workflow_001', thread_id: 'thr_1', created_at: NOW } as const
    expect(events.slice(0, 5)).toEqual([
      {
        type: 'thread.item.added',
        item: { ...workflow, workflow: { type: 'custom', tasks: [loading], expanded: false } },
      },
      {
        type: 'thread.item.updated',
        item_id: 'workflow_001',
        update: { type: 'workflow.task.added', task_index: 1, task: loading },
      },
      {
        type: 'thread.item.updated',
        item_id: 'workflow_001',
        update: { type: 'workflow.task.updated', task_index: 0, task: complete },
      },
      {
        type: 'thread.item.updated',
        item_id: 'workflow_001',
        update: { type: 'workflow.task.updated', task_index: 1, task: complete },
      },
      {
        type: 'thread.item.done',
        item: {
          ...workflow,
          workflow: {
            type: 'custom',
            tasks: [complete, complete],
            summary: { duration: 0 },
            expanded: false,
          },
        },
      },
    ])
    expect(events.slice(5)).toEqual(textEvents('message_002', ['Sunny in Paris, ', 'snow in Oslo.']))
    // The model's second call saw both tools' outputs.
    expect(JSON.stringify(model.requests[1]?.input)).toContain('"callId":"call_2"')
  })

  it('lets describeToolCall title a task or hide a call', async () => {
    const model = new FakeModel([
      {
        toolCalls: [
          { name: 'lookup', arguments: {}, callId: 'call_1' },
          { name: 'secret_audit', arguments: {}, callId: 'call_2' },
        ],
      },
      { text: ['Done.'] },
    ])
    const tools = ['lookup', 'secret_audit'].map((name) =>
      tool({ name, description: name, parameters: z.object({}), execute: () => 'ok' }),
    )
    const result = await run(agentWith(model, { tools }), 'Go', { stream: true })

    const events = await collect(
      streamAgentResponse(
        result,
        options({
          describeToolCall: (call) =>
            call.name === 'secret_audit'
              ? null
              : { type: 'custom', title: 'Looking it up', status_indicator: 'loading' },
        }),
      ),
    )

    const done = events.find((event) => event.type === 'thread.item.done' && event.item.type === 'workflow')
    expect(done).toMatchObject({
      item: { workflow: { tasks: [{ title: 'Looking it up', status_indicator: 'complete' }] } },
    })
    expect(JSON.stringify(events)).not.toContain('secret_audit')
  })

  it('turns a model that throws into a stream.error event, hands the error to onError and sends none of its text', async () => {
    const failure = new Error('upstream 500: key sk-live-1234 rejected for org-secret')
    const model = new FakeModel([{ throws: failure, afterText: ['Let me'] }])
    const onError = vi.fn()
    const result = await run(agentWith(model), 'Hi', { stream: true })

    const events = await collect(streamAgentResponse(result, options({ onError })))

    expect(events.at(-1)).toEqual({ type: 'error', code: 'stream.error', allow_retry: true })
    expect(events.some((event) => event.type === 'thread.item.done')).toBe(false)
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError.mock.calls[0]?.[0]).toBe(failure)
    expect(JSON.stringify(events)).not.toMatch(/sk-live|org-secret|upstream/)
  })

  it('turns a failed run (too many turns) into an error event', async () => {
    const model = new FakeModel([{ toolCalls: [{ name: 'again', arguments: {}, callId: 'call_1' }] }])
    const again = tool({ name: 'again', description: 'again', parameters: z.object({}), execute: () => 'ok' })
    const onError = vi.fn()
    const result = await run(agentWith(model, { tools: [again] }), 'Loop', { stream: true, maxTurns: 1 })

    const events = await collect(streamAgentResponse(result, options({ onError })))

    expect(events.at(-1)).toEqual({ type: 'error', code: 'stream.error', allow_retry: true })
    expect(onError.mock.calls[0]?.[0]).toBeInstanceOf(MaxTurnsExceededError)
  })

  it('takes back the items of a run stopped by a guardrail tripwire', async () => {
    const model = new FakeModel([{ text: ['Something I should not say'] }])
    const agent = agentWith(model, {
      outputGuardrails: [
        { name: 'never', execute: () => Promise.resolve({ tripwireTriggered: true, outputInfo: {} }) },
      ],
    })
    const onError = vi.fn()
    const result = await run(agent, 'Hi', { stream: true })

    const events = await collect(streamAgentResponse(result, options({ onError })))

    expect(events.slice(-2)).toEqual([
      { type: 'thread.item.removed', item_id: 'message_001' },
      { type: 'error', code: 'stream.error', allow_retry: true },
    ])
    expect(onError).toHaveBeenCalledTimes(1)
  })
})

describe(`streamAgentResponse with the SDK's own OpenAI Responses model, on Node ${process.versions.node}`, () => {
  let api: FakeResponsesApi | undefined
  afterEach(() => api?.close())

  it('shows a reasoning summary as a thought in a reasoning workflow, done before the answer', async () => {
    api = await startFakeResponsesApi(['Take an umbrella.'], [], 'Rain is likely in Paris today.')
    const runner = new Runner({
      modelProvider: new OpenAIProvider({
        apiKey: 'sk-test-not-a-key',
        baseURL: api.baseURL,
        useResponses: true,
      }),
    })
    const result = await runner.run(new Agent({ name: 'helper', model: 'gpt-test' }), 'Umbrella?', {
      stream: true,
    })

    const events = await collect(streamAgentResponse(result, options()))

    const thought = { type: 'thought', content: 'Rain is likely in Paris today.' } as const
    const workflow = { type: 'workflow', id: 'workflow_001', thread_id: 'thr_1', created_at: NOW } as const
    // The workflow shows as soon as the model starts reasoning; its first thought streams in.
    expect(events.slice(0, 4)).toEqual([
      {
        type: 'thread.item.added',
        item: { ...workflow, workflow: { type: 'reasoning', tasks: [], expanded: false } },
      },
      {
        type: 'thread.item.updated',
        item_id: 'workflow_001',
        update: { type: 'workflow.task.added', task_index: 0, task: thought },
      },
      {
        type: 'thread.item.updated',
        item_id: 'workflow_001',
        update: { type: 'workflow.task.updated', task_index: 0, task: thought },
      },
      {
        type: 'thread.item.done',
        item: {
          ...workflow,
          workflow: { type: 'reasoning', tasks: [thought], summary: { duration: 0 }, expanded: false },
        },
      },
    ])
    expect(events.slice(4)).toEqual(textEvents('message_002', ['Take an umbrella.']))
  })

  it('streams a reply from a Responses API on 127.0.0.1 as the same ChatKit events, citations as annotations', async () => {
    api = await startFakeResponsesApi(
      ['Hello ', 'from ', 'the API'],
      [
        {
          type: 'url_citation',
          url: 'https://docs.example/a',
          title: 'Page A',
          start_index: 0,
          end_index: 5,
        },
        { type: 'file_citation', file_id: 'file_1', filename: 'notes.pdf', index: 11 },
        // Without a file name there is nothing to show: left out.
        { type: 'file_citation', file_id: 'file_2', index: 3 },
      ],
    )
    const runner = new Runner({
      modelProvider: new OpenAIProvider({
        apiKey: 'sk-test-not-a-key',
        baseURL: api.baseURL,
        useResponses: true,
      }),
    })
    const agent = new Agent({ name: 'helper', instructions: 'Answer briefly.', model: 'gpt-test' })
    const result = await runner.run(agent, 'Hi', { stream: true })

    const events = await collect(streamAgentResponse(result, options()))

    expect(events).toEqual(
      textEvents(
        'message_001',
        ['Hello ', 'from ', 'the API'],
        [
          {
            type: 'annotation',
            source: { type: 'url', url: 'https://docs.example/a', title: 'Page A' },
            index: 5,
          },
          {
            type: 'annotation',
            source: { type: 'file', filename: 'notes.pdf', title: 'notes.pdf' },
            index: 11,
          },
        ],
      ),
    )
    expect(api.requests).toHaveLength(1)
    expect(api.requests[0]).toMatchObject({
      model: 'gpt-test',
      stream: true,
      instructions: 'Answer briefly.',
    })
    // @openai/agents 0.20 calls through openai 7, which declares Node >= 22: the call above ran on
    // this Node. (The project of the range's oldest version, 0.14.3, sets AGENTS_OPENAI_MAJOR=6.)
    expect(api.clientVersions[0]?.split('.')[0]).toBe(process.env.AGENTS_OPENAI_MAJOR ?? '7')
  })
})
