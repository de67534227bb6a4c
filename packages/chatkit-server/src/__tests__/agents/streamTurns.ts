import { Agent, run } from '@openai/agents'
import { streamAgentResponse, type StreamAgentResponseOptions } from '../../agents.ts'
import type { ThreadStreamEvent } from '../../events.ts'
import { counterIds, NOW } from '../harness.ts'
import { FakeModel, type FakeTurn } from './fakeModel.ts'

/**
 * The ChatKit events of a run of an agent on a {@link FakeModel} playing `turns`, with thread
 * `thr_1`, counter ids and the fixed clock unless `extra` says otherwise.
 */
export async function streamTurns(
  turns: FakeTurn[],
  extra: Partial<StreamAgentResponseOptions> = {},
  agent: Partial<ConstructorParameters<typeof Agent>[0]> = {},
): Promise<ThreadStreamEvent[]> {
  const model = new FakeModel(turns)
  const result = await run(new Agent({ name: 'helper', model, ...agent }), 'Hi', { stream: true })
  const events: ThreadStreamEvent[] = []
  for await (const event of streamAgentResponse(result, {
    threadId: 'thr_1',
    generateItemId: counterIds(),
    now: () => NOW,
    ...extra,
  }))
    events.push(event)
  return events
}

/** The update an event carries, when it is a `thread.item.updated`. */
export const updateOf = (event: ThreadStreamEvent | undefined) =>
  event?.type === 'thread.item.updated' ? event.update : undefined
