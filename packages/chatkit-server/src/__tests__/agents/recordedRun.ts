import { Agent, run, setTracingDisabled, type RunStreamEvent } from '@openai/agents'
import type { AgentRunStream } from '../../agents.ts'
import { FakeModel } from './fakeModel.ts'

/**
 * The events of a real Agents SDK run whose model streams `pieces` as text deltas, recorded
 * once: replaying them ({@link replayRun}) measures the bridge without the SDK's own cost.
 */
export async function recordRun(pieces: string[]): Promise<RunStreamEvent[]> {
  setTracingDisabled(true)
  const model = new FakeModel([{ text: pieces, messageId: 'msg_recorded' }])
  const result = await run(new Agent({ name: 'recorded', model }), 'Hi', { stream: true })
  const events: RunStreamEvent[] = []
  for await (const event of result) events.push(event)
  await result.completed
  return events
}

/** A finished run's recorded events as a stream `streamAgentResponse` reads. */
export function replayRun(events: readonly RunStreamEvent[]): AgentRunStream {
  return {
    completed: Promise.resolve(),
    async *[Symbol.asyncIterator]() {
      for (const event of events) yield event
    },
  }
}
