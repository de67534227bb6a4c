import { Agent, tool } from '@openai/agents'
import { expect } from 'vitest'
import { z } from 'zod'
import { createAgentResponder, isAgentRunStateItem, type CreateAgentResponderOptions } from '../../agents.ts'
import type { ChatKitServer } from '../../chatKitServer.ts'
import { createChatKitServer } from '../../createChatKitServer.ts'
import type { Store } from '../../store.ts'
import type { StructuredInputItem, ThreadItem } from '../../types.ts'
import { ALICE, eventsOf, type TestContext } from '../harness.ts'
import { FakeModel, type FakeTurn } from './fakeModel.ts'

/** A clock that moves one millisecond a call, from `start`: items sort by time, in every store. */
export function tickingClock(start = Date.parse('2026-12-04T12:00:00.000Z')): () => Date {
  let at = start
  return () => new Date(at++)
}

/** What the `delete_file` tool ran: each path, with the run context the tool got. */
export interface ToolRun {
  path: string
  runContext: unknown
}

/**
 * A ChatKit server whose agent (on a scripted model, or the model of that name for the `runner`
 * option to provide) has a `delete_file` tool that needs approval. Each call makes a fresh
 * agent, model and responder: a restarted server.
 */
export function approvalServer(
  store: Store<TestContext>,
  script: FakeTurn[] | string,
  options: Partial<CreateAgentResponderOptions<TestContext, { userId: string }>> = {},
  clock = tickingClock(),
) {
  const model = new FakeModel(typeof script === 'string' ? [] : script)
  const runs: ToolRun[] = []
  const deleteFile = tool({
    name: 'delete_file',
    description: 'Deletes a file',
    parameters: z.object({ path: z.string() }),
    needsApproval: true,
    execute: ({ path }, runContext) => {
      runs.push({ path, runContext: runContext?.context })
      return `deleted ${path}`
    },
  })
  const agent = new Agent<{ userId: string }>({
    name: 'helper',
    instructions: 'Answer briefly.',
    model: typeof script === 'string' ? script : model,
    tools: [deleteFile],
  })
  const onError = (error: unknown) => {
    throw error
  }
  const server = createChatKitServer<TestContext>({
    store,
    respond: createAgentResponder({
      agent,
      store,
      runContext: (_thread, context) => ({ userId: context.userId }),
      onError,
      ...options,
    }),
    now: clock,
    onError,
  })
  return { server, model, runs }
}

/** A user message as the composer sends it. */
export const userInput = (text: string) => ({
  content: [{ type: 'input_text', text }],
  attachments: [],
  inference_options: {},
})

/** The structured input item of a stream's events (the approval question). */
export function questionOf(events: Record<string, unknown>[]): StructuredInputItem {
  const done = events.find(
    (event) =>
      event.type === 'thread.item.done' && (event.item as { type?: string }).type === 'structured_input',
  )
  expect(done).toBeDefined()
  return (done as { item: StructuredInputItem }).item
}

/** The request that answers the approval question `approval_1` with one option, or skips it all. */
export function answerRequest(threadId: string, itemId: string, choice: string | 'skipped') {
  return {
    type: 'threads.add_structured_input',
    params: {
      thread_id: threadId,
      item_id: itemId,
      input:
        choice === 'skipped'
          ? { status: 'skipped', answers: {} }
          : { status: 'answered', answers: { approval_1: { values: [choice] } } },
    },
  }
}

/** Every item of a thread, hidden ones included, oldest first. */
export async function itemsOf(
  store: Store<TestContext>,
  threadId: string,
  context = ALICE,
): Promise<ThreadItem[]> {
  return (await store.loadThreadItems(threadId, { after: null, limit: 100, order: 'asc' }, context)).data
}

/** Asks the agent to delete `/tmp/a`: the thread id and the approval question. */
export async function askToDelete(server: ChatKitServer<TestContext>) {
  const events = await eventsOf(
    await server.process({ type: 'threads.create', params: { input: userInput('Delete /tmp/a') } }, ALICE),
  )
  const created = events.find((event) => event.type === 'thread.created') as { thread: { id: string } }
  return { threadId: created.thread.id, question: questionOf(events), events }
}

/** The script of a model that calls `delete_file` on `/tmp/a`, then says `after`. */
export const deleteThenSay = (after: string): FakeTurn[] => [
  { toolCalls: [{ name: 'delete_file', arguments: { path: '/tmp/a' }, callId: 'call_del' }] },
  { text: [after] },
]

/** The function call results the model was given, as `{ callId, text }`. */
export function toolResultsOf(input: unknown): { callId: string; text: string }[] {
  if (!Array.isArray(input)) return []
  return input.flatMap((item: unknown) => {
    const { type, callId, output } = item as { type?: string; callId?: string; output?: unknown }
    if (type !== 'function_call_result' || callId === undefined) return []
    const text =
      typeof output === 'string' ? output : String((output as { text?: unknown } | undefined)?.text ?? '')
    return [{ callId, text }]
  })
}

/**
 * A restarted server (a fresh agent, model and responder, a later clock) on `store` approves the
 * question: the tool runs once, the model gets its output and the answer is streamed.
 */
export async function approveAfterRestart(store: Store<TestContext>, threadId: string, questionId: string) {
  const after = approvalServer(
    store,
    [{ text: ['Deleted after the restart.'] }],
    {},
    tickingClock(Date.parse('2026-12-04T13:00:00.000Z')),
  )
  const events = await eventsOf(
    await after.server.process(answerRequest(threadId, questionId, 'Approve'), ALICE),
  )
  expect(after.runs).toEqual([{ path: '/tmp/a', runContext: { userId: 'alice' } }])
  expect(toolResultsOf(after.model.requests[0]?.input)).toEqual([
    { callId: 'call_del', text: 'deleted /tmp/a' },
  ])
  expect(events.at(-1)).toMatchObject({ item: { content: [{ text: 'Deleted after the restart.' }] } })
  expect((await itemsOf(store, threadId)).filter(isAgentRunStateItem)).toEqual([])
  return after
}
