import {
  Agent,
  InputGuardrailTripwireTriggered,
  OutputGuardrailTripwireTriggered,
  setTracingDisabled,
  tool,
  type InputGuardrail,
  type OutputGuardrail,
} from '@openai/agents'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { createAgentResponder } from '../../agents.ts'
import { createChatKitServer } from '../../createChatKitServer.ts'
import { ALICE, clock, eventsOf, testStore } from '../harness.ts'
import { FakeModel, type FakeTurn } from './fakeModel.ts'

// The SDK's tracing exports to OpenAI's API: never from these tests.
beforeAll(() => setTracingDisabled(true))

const tripped = { tripwireTriggered: true, outputInfo: { reason: 'off topic' } }
const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve))

/** A run of the given model turns with the given guardrails, through the ChatKit server. */
async function runThroughServer(
  guardrails: { input?: InputGuardrail[]; output?: OutputGuardrail[] },
  turns: FakeTurn[],
) {
  const model = new FakeModel(turns)
  const lookup = tool({
    name: 'lookup',
    description: 'lookup',
    parameters: z.object({}),
    execute: () => 'ok',
  })
  const agent = new Agent({
    name: 'helper',
    model,
    tools: [lookup],
    inputGuardrails: guardrails.input ?? [],
    outputGuardrails: guardrails.output ?? [],
  })
  const store = testStore()
  const onError = vi.fn()
  const server = createChatKitServer({
    store,
    respond: createAgentResponder({ agent, store, onError }),
    now: clock,
  })
  const events = await eventsOf(
    await server.process(
      {
        type: 'threads.create',
        params: {
          input: { content: [{ type: 'input_text', text: 'Hi' }], attachments: [], inference_options: {} },
        },
      },
      ALICE,
    ),
  )
  const stored = (await store.loadThreadItems('thread_001', { after: null, limit: 100, order: 'asc' }, ALICE))
    .data
  return { events, stored, onError }
}

/** Ids of the items the run streamed (added or done), the user message aside. */
function streamedIds(events: Record<string, unknown>[]): Set<string> {
  const ids = new Set<string>()
  for (const event of events) {
    if (event.type !== 'thread.item.added' && event.type !== 'thread.item.done') continue
    const item = event.item as { id: string; type: string }
    if (item.type !== 'user_message') ids.add(item.id)
  }
  return ids
}

const removedIds = (events: Record<string, unknown>[]) =>
  new Set(events.filter((event) => event.type === 'thread.item.removed').map((event) => event.item_id))

describe('a guardrail tripwire takes back what the run streamed, from the browser and the store', () => {
  it('output guardrail: the finished workflow and answer are removed, then a stream.error; only the user message stays', async () => {
    const { events, stored, onError } = await runThroughServer(
      { output: [{ name: 'never', execute: () => Promise.resolve(tripped) }] },
      [
        { toolCalls: [{ name: 'lookup', arguments: {}, callId: 'call_1' }] },
        { text: ['Something I should not say'] },
      ],
    )

    const streamed = streamedIds(events)
    expect([...streamed].map((id) => id.split('_')[0]).sort()).toEqual(['message', 'workflow'])
    expect(removedIds(events)).toEqual(streamed)
    expect(events.at(-1)).toEqual({ type: 'error', code: 'stream.error', allow_retry: true })
    expect(stored.map((item) => item.type)).toEqual(['user_message'])
    expect(onError.mock.calls[0]?.[0]).toBeInstanceOf(OutputGuardrailTripwireTriggered)
  })

  it('input guardrail that trips mid-answer: the reasoning workflow and the half-streamed answer are removed; only the user message stays', async () => {
    let open = () => {}
    const decided = new Promise<void>((resolve) => (open = resolve))
    const { events, stored, onError } = await runThroughServer(
      {
        input: [
          {
            name: 'slow check',
            execute: async () => {
              await decided
              return tripped
            },
          },
        ],
      },
      [
        {
          reasoning: 'The user greets me.',
          text: ['Let me ', 'tell you ', 'something.'],
          // The guardrail decides once the first words are out; the SDK sees it at the next delta.
          beforeDelta: async (index) => {
            if (index !== 1) return
            open()
            await nextMacrotask()
          },
        },
      ],
    )

    const streamed = streamedIds(events)
    expect([...streamed].map((id) => id.split('_')[0]).sort()).toEqual(['message', 'workflow'])
    // The answer had started: its first words reached the browser before they were taken back.
    expect(JSON.stringify(events)).toContain('Let me ')
    expect(removedIds(events)).toEqual(streamed)
    expect(events.at(-1)).toEqual({ type: 'error', code: 'stream.error', allow_retry: true })
    expect(stored.map((item) => item.type)).toEqual(['user_message'])
    expect(onError.mock.calls[0]?.[0]).toBeInstanceOf(InputGuardrailTripwireTriggered)
  })
})
