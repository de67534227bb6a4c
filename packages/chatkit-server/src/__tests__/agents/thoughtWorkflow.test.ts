import { setTracingDisabled } from '@openai/agents'
import { beforeAll, describe, expect, it } from 'vitest'
import type { StreamAgentResponseOptions } from '../../agents.ts'
import type { WorkflowItem } from '../../types.ts'
import { NOW } from '../harness.ts'
import type { FakeTurn } from './fakeModel.ts'
import { streamTurns, updateOf } from './streamTurns.ts'

// The SDK's tracing exports to OpenAI's API: never from these tests.
beforeAll(() => setTracingDisabled(true))

const reasoningAdded = (id: string) => ({
  type: 'response.output_item.added',
  output_index: 0,
  item: { type: 'reasoning', id, summary: [] },
})
const summaryDelta = (itemId: string, index: number, delta: string) => ({
  type: 'response.reasoning_summary_text.delta',
  item_id: itemId,
  summary_index: index,
  delta,
})
const summaryDone = (itemId: string, index: number, text: string) => ({
  type: 'response.reasoning_summary_text.done',
  item_id: itemId,
  summary_index: index,
  text,
})

const streamed = (turn: FakeTurn, extra: Partial<StreamAgentResponseOptions> = {}) =>
  streamTurns([turn], extra)

describe('reasoning as a workflow of thoughts', () => {
  it('opens the workflow when reasoning starts, streams the first thought delta by delta, adds later thoughts whole', async () => {
    const events = await streamed({
      raw: [
        reasoningAdded('rs_1'),
        summaryDelta('rs_1', 0, 'Think'),
        summaryDelta('rs_1', 0, 'ing 1'),
        summaryDone('rs_1', 0, 'Thinking 1'),
        summaryDelta('rs_1', 1, 'Think'),
        summaryDelta('rs_1', 1, 'ing 2'),
        summaryDone('rs_1', 1, 'Thinking 2'),
      ],
      text: ['Hello.'],
    })

    expect(events[0]).toEqual({
      type: 'thread.item.added',
      item: {
        type: 'workflow',
        id: 'workflow_001',
        thread_id: 'thr_1',
        created_at: NOW,
        workflow: { type: 'reasoning', tasks: [], expanded: false },
      },
    })
    expect(events.slice(1, 5).map(updateOf)).toEqual([
      { type: 'workflow.task.added', task_index: 0, task: { type: 'thought', content: 'Think' } },
      { type: 'workflow.task.updated', task_index: 0, task: { type: 'thought', content: 'Thinking 1' } },
      { type: 'workflow.task.updated', task_index: 0, task: { type: 'thought', content: 'Thinking 1' } },
      // The second thought's deltas are not streamed: it comes whole.
      { type: 'workflow.task.added', task_index: 1, task: { type: 'thought', content: 'Thinking 2' } },
    ])
    expect(events[5]).toMatchObject({
      type: 'thread.item.done',
      item: {
        id: 'workflow_001',
        workflow: {
          tasks: [
            { type: 'thought', content: 'Thinking 1' },
            { type: 'thought', content: 'Thinking 2' },
          ],
        },
      },
    })
    expect(events[6]).toMatchObject({ type: 'thread.item.added', item: { type: 'assistant_message' } })
  })

  it('ends the workflow when the answer starts: collapsed, its duration in whole seconds since it began', async () => {
    let clock = Date.parse(NOW)
    const events = await streamed(
      {
        raw: [reasoningAdded('rs_1'), summaryDone('rs_1', 0, 'Thinking 1')],
        text: ['The answer.'],
        // 2.7 s of thinking before the first word.
        beforeDelta: (index) => {
          if (index === 0) clock += 2700
          return Promise.resolve()
        },
      },
      { now: () => new Date(clock).toISOString() },
    )

    expect(events.map((event) => event.type).slice(0, 4)).toEqual([
      'thread.item.added',
      'thread.item.updated',
      'thread.item.done',
      'thread.item.added',
    ])
    expect(events[1]).toEqual({
      type: 'thread.item.updated',
      item_id: 'workflow_001',
      update: {
        type: 'workflow.task.added',
        task_index: 0,
        task: { type: 'thought', content: 'Thinking 1' },
      },
    })
    expect(events[2]).toEqual({
      type: 'thread.item.done',
      item: {
        type: 'workflow',
        id: 'workflow_001',
        thread_id: 'thr_1',
        created_at: NOW,
        workflow: {
          type: 'reasoning',
          tasks: [{ type: 'thought', content: 'Thinking 1' }],
          summary: { duration: 2 },
          expanded: false,
        },
      },
    })
    expect(events[3]).toMatchObject({ item: { type: 'assistant_message', id: 'message_002' } })
  })

  it('continues a workflow the app opened, and keeps the summary it set when the answer ends it', async () => {
    const mine: WorkflowItem = {
      type: 'workflow',
      id: 'wf_app',
      thread_id: 'thr_1',
      created_at: NOW,
      workflow: {
        type: 'custom',
        tasks: [{ type: 'custom', title: 'Checked your plan' }],
        summary: { title: 'Test' },
      },
    }

    const events = await streamed(
      { raw: [reasoningAdded('rs_1'), summaryDone('rs_1', 0, 'Thinking 1')], text: ['Done.'] },
      { workflow: mine },
    )

    expect(events.slice(0, 2)).toEqual([
      {
        type: 'thread.item.updated',
        item_id: 'wf_app',
        update: {
          type: 'workflow.task.added',
          task_index: 1,
          task: { type: 'thought', content: 'Thinking 1' },
        },
      },
      {
        type: 'thread.item.done',
        item: {
          ...mine,
          workflow: {
            type: 'custom',
            tasks: [
              { type: 'custom', title: 'Checked your plan' },
              { type: 'thought', content: 'Thinking 1' },
            ],
            summary: { title: 'Test' },
            expanded: false,
          },
        },
      },
    ])
    // The app's object is left as it was.
    expect(mine.workflow.tasks).toHaveLength(1)
  })

  it('leaves out an empty summary that was never streamed, and reasoning without a workflow still gets one', async () => {
    const events = await streamed({
      raw: [summaryDone('rs_1', 0, '  '), summaryDone('rs_1', 1, 'Only thought')],
      text: ['Ok.'],
    })

    expect(events[0]).toMatchObject({
      type: 'thread.item.added',
      item: {
        type: 'workflow',
        workflow: { type: 'reasoning', tasks: [{ type: 'thought', content: 'Only thought' }] },
      },
    })
    expect(events[1]).toMatchObject({ type: 'thread.item.done', item: { type: 'workflow' } })
  })
})
