import { PGlite } from '@electric-sql/pglite'
import { OpenAIProvider, Runner, setTracingDisabled } from '@openai/agents'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  AGENT_RUN_STATE,
  isAgentRunStateItem,
  summarizeToolArguments,
  ToolApprovalError,
} from '../../agents.ts'
import type { Store } from '../../store.ts'
import type { StructuredInputItem, ThreadItem } from '../../types.ts'
import { createPostgresStore } from '../../createPostgresStore.ts'
import { ALICE, BOB, eventsOf, testStore, type TestContext } from '../harness.ts'
import {
  answerRequest,
  approveAfterRestart,
  approvalServer,
  askToDelete,
  deleteThenSay,
  itemsOf,
  questionOf,
  toolResultsOf,
  userInput,
} from './approvalRig.ts'
import { startFakeResponsesApi, type FakeResponsesApi } from './fakeResponsesApi.ts'

// The SDK's tracing exports to OpenAI's API: never from these tests.
beforeAll(() => setTracingDisabled(true))

describe('tool approvals', () => {
  it('asks with a structured input, keeps the run in a hidden item, and runs nothing yet', async () => {
    const store = testStore()
    const { server, runs } = approvalServer(store, deleteThenSay('Deleted.'))

    const { threadId, question, events } = await askToDelete(server)

    expect(question).toMatchObject({
      type: 'structured_input',
      status: 'pending',
      inputs: [
        {
          type: 'multiple_choice',
          id: 'approval_1',
          question: 'Allow delete_file? path: "/tmp/a"',
          options: [{ value: 'Approve' }, { value: 'Reject' }],
          multiple: false,
        },
      ],
    })
    expect(runs).toEqual([])
    // The question is the last event; the saved run never reaches the browser.
    expect(events.at(-1)).toEqual({ type: 'thread.item.done', item: question })
    expect(JSON.stringify(events)).not.toContain('chatkit_agent_run_state')
    const items = await itemsOf(store, threadId)
    expect(items.filter(isAgentRunStateItem)).toHaveLength(1)
    expect(items.at(-1)).toEqual(question)
    // The task of the waiting call shows neither spinner nor check.
    const workflow = items.find((item) => item.type === 'workflow')
    expect(workflow).toMatchObject({
      workflow: { tasks: [{ type: 'custom', title: 'delete_file', status_indicator: 'none' }] },
    })
    const listed = JSON.stringify(
      await server.process({ type: 'items.list', params: { thread_id: threadId } }, ALICE),
    )
    expect(listed).not.toContain('chatkit_agent_run_state')
  })

  it('approve: runs the tool with the answering request’s run context, gives the model its output, streams the answer', async () => {
    const store = testStore()
    const { server, runs, model } = approvalServer(store, deleteThenSay('Deleted /tmp/a.'))
    const { threadId, question } = await askToDelete(server)

    const events = await eventsOf(
      await server.process(answerRequest(threadId, question.id, 'Approve'), ALICE),
    )

    expect(runs).toEqual([{ path: '/tmp/a', runContext: { userId: 'alice' } }])
    expect(toolResultsOf(model.requests[1]?.input)).toEqual([{ callId: 'call_del', text: 'deleted /tmp/a' }])
    expect(events[1]).toMatchObject({
      type: 'thread.item.replaced',
      item: {
        id: question.id,
        status: 'answered',
        inputs: [{ answer: { values: ['Approve'], skipped: false } }],
      },
    })
    const done = events.filter((event) => event.type === 'thread.item.done').map((event) => event.item)
    expect(done).toMatchObject([
      { type: 'workflow', workflow: { tasks: [{ title: 'delete_file', status_indicator: 'complete' }] } },
      { type: 'assistant_message', content: [{ text: 'Deleted /tmp/a.' }] },
    ])
    const items = await itemsOf(store, threadId)
    expect(items.filter(isAgentRunStateItem)).toEqual([])
    expect(items.at(-1)).toMatchObject({ type: 'assistant_message' })
  })

  it('reject: the tool does not run and the model is told', async () => {
    const store = testStore()
    const { server, runs, model } = approvalServer(store, deleteThenSay('I left it.'), {
      approvals: { rejectionMessage: 'The user said no to this.' },
    })
    const { threadId, question } = await askToDelete(server)

    const events = await eventsOf(await server.process(answerRequest(threadId, question.id, 'Reject'), ALICE))

    expect(runs).toEqual([])
    expect(toolResultsOf(model.requests[1]?.input)).toEqual([
      { callId: 'call_del', text: 'The user said no to this.' },
    ])
    expect(events.at(-1)).toMatchObject({
      type: 'thread.item.done',
      item: { type: 'assistant_message', content: [{ text: 'I left it.' }] },
    })
  })

  it('skipped is a rejection', async () => {
    const store = testStore()
    const { server, runs, model } = approvalServer(store, deleteThenSay('Skipped it.'))
    const { threadId, question } = await askToDelete(server)

    await eventsOf(await server.process(answerRequest(threadId, question.id, 'skipped'), ALICE))

    expect(runs).toEqual([])
    expect(toolResultsOf(model.requests[1]?.input)).toEqual([
      { callId: 'call_del', text: 'The user did not approve this tool call.' },
    ])
  })

  it('asks one question per call, and runs only the approved ones', async () => {
    const store = testStore()
    const { server, runs, model } = approvalServer(store, [
      {
        toolCalls: [
          { name: 'delete_file', arguments: { path: '/tmp/a' }, callId: 'call_a' },
          { name: 'delete_file', arguments: { path: '/tmp/b' }, callId: 'call_b' },
        ],
      },
      { text: ['One of two.'] },
    ])
    const { threadId, question } = await askToDelete(server)
    expect(question.inputs.map((input) => input.question)).toEqual([
      'Allow delete_file? path: "/tmp/a"',
      'Allow delete_file? path: "/tmp/b"',
    ])

    await eventsOf(
      await server.process(
        {
          type: 'threads.add_structured_input',
          params: {
            thread_id: threadId,
            item_id: question.id,
            input: { answers: { approval_1: { values: ['Reject'] }, approval_2: { values: ['Approve'] } } },
          },
        },
        ALICE,
      ),
    )

    expect(runs.map((run) => run.path)).toEqual(['/tmp/b'])
    expect(toolResultsOf(model.requests[1]?.input)).toEqual([
      { callId: 'call_a', text: 'The user did not approve this tool call.' },
      { callId: 'call_b', text: 'deleted /tmp/b' },
    ])
  })

  it('refuses a second answer to an answered approval: the tool runs once', async () => {
    const store = testStore()
    const { server, runs } = approvalServer(store, [...deleteThenSay('Deleted.'), { text: ['never'] }])
    const { threadId, question } = await askToDelete(server)
    await eventsOf(await server.process(answerRequest(threadId, question.id, 'Approve'), ALICE))

    const again = await server.process(answerRequest(threadId, question.id, 'Approve'), ALICE)

    expect(again).toMatchObject({
      type: 'error',
      status: 400,
      error: { code: 'invalid_request', path: 'params.item_id' },
    })
    expect(runs).toHaveLength(1)
  })

  it('a new message makes the approval stale: skipped, rejected for the model, and refused when answered later', async () => {
    const store = testStore()
    const { server, runs, model } = approvalServer(store, [
      ...deleteThenSay('unused').slice(0, 1),
      { text: ['Sure, the weather instead.'] },
    ])
    const { threadId, question } = await askToDelete(server)

    const events = await eventsOf(
      await server.process(
        {
          type: 'threads.add_user_message',
          params: { thread_id: threadId, input: userInput('No, the weather?') },
        },
        ALICE,
      ),
    )

    expect(events.find((event) => event.type === 'thread.item.replaced')).toMatchObject({
      item: { id: question.id, status: 'skipped', inputs: [{ answer: { skipped: true } }] },
    })
    expect(events.at(-1)).toMatchObject({ item: { content: [{ text: 'Sure, the weather instead.' }] } })
    expect(JSON.stringify(model.requests[1]?.input)).toContain('status: skipped')
    expect(JSON.stringify(model.requests[1]?.input)).not.toContain('chatkit_agent_run_state')
    expect((await itemsOf(store, threadId)).filter(isAgentRunStateItem)).toEqual([])

    const late = await server.process(answerRequest(threadId, question.id, 'Approve'), ALICE)
    expect(late).toMatchObject({ type: 'error', status: 400 })
    expect(runs).toEqual([])
  })

  it('a retry of the message drops the question and its saved run, and asks anew', async () => {
    const store = testStore()
    const { server, runs } = approvalServer(store, [
      ...deleteThenSay('unused').slice(0, 1),
      ...deleteThenSay('unused').slice(0, 1),
    ])
    const { threadId, question } = await askToDelete(server)
    const [message] = await itemsOf(store, threadId)

    const events = await eventsOf(
      await server.process(
        { type: 'threads.retry_after_item', params: { thread_id: threadId, item_id: message?.id } },
        ALICE,
      ),
    )

    const again = questionOf(events)
    expect(again.id).not.toBe(question.id)
    const items = await itemsOf(store, threadId)
    expect(items.filter((item) => item.type === 'structured_input')).toEqual([again])
    expect(items.filter(isAgentRunStateItem)).toHaveLength(1)
    expect(runs).toEqual([])
  })

  it('another user cannot answer it: not found, and the approval still waits', async () => {
    const store = testStore()
    const { server, runs } = approvalServer(store, deleteThenSay('Deleted.'))
    const { threadId, question } = await askToDelete(server)

    const bob = await server.process(answerRequest(threadId, question.id, 'Approve'), BOB)

    expect(bob).toMatchObject({ type: 'error', status: 404, error: { code: 'not_found' } })
    expect(runs).toEqual([])
    expect(await store.loadItem(threadId, question.id, ALICE)).toMatchObject({ status: 'pending' })
    await eventsOf(await server.process(answerRequest(threadId, question.id, 'Approve'), ALICE))
    expect(runs).toHaveLength(1)
  })

  it('keeps the app’s run context out of the store', async () => {
    const store = testStore()
    const { server } = approvalServer(store, deleteThenSay('Deleted.'), {
      runContext: () => ({ userId: 'alice', apiToken: 'tok_secret_123' }),
    })
    const { threadId } = await askToDelete(server)

    expect(JSON.stringify(await itemsOf(store, threadId))).not.toContain('tok_secret_123')
  })

  // PGlite takes seconds to start on a loaded machine.
  it(
    'answers after a restart: a new server and responder on the same PGlite data folder resume the run',
    { timeout: 60_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'chatkit-approvals-'))
      try {
        const first = new PGlite(dir)
        const before = approvalServer(
          createPostgresStore<typeof ALICE>({ db: first }),
          deleteThenSay('unused').slice(0, 1),
        )
        const { threadId, question } = await askToDelete(before.server)
        await first.close()

        const second = new PGlite(dir)
        await approveAfterRestart(createPostgresStore<typeof ALICE>({ db: second }), threadId, question.id)
        await second.close()
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  )
})

/** The question answered `Approve` and saved, as a continuation that failed before it deleted the run leaves it. */
async function answerWithoutContinuing(
  store: Store<TestContext>,
  threadId: string,
  question: StructuredInputItem,
) {
  const answered: StructuredInputItem = {
    ...question,
    status: 'answered',
    inputs: question.inputs.map((input) => ({ ...input, answer: { values: ['Approve'], skipped: false } })),
  }
  await store.saveItem(threadId, answered, ALICE)
}

/** The errors a responder's `onError` got. */
function collectErrors() {
  const errors: unknown[] = []
  return { errors, onError: (error: unknown) => void errors.push(error) }
}

describe('tool approvals: races, leftovers and limits', () => {
  it('resumes once when two answers to one question race in one process (a double click)', async () => {
    const store = testStore()
    const { server, runs, model } = approvalServer(store, [
      ...deleteThenSay('Deleted.'),
      { text: ['never'] },
      { text: ['never'] },
    ])
    const { threadId, question } = await askToDelete(server)

    const [first, second] = await Promise.all([
      server.process(answerRequest(threadId, question.id, 'Approve'), ALICE),
      server.process(answerRequest(threadId, question.id, 'Approve'), ALICE),
    ])
    const streams = await Promise.all([eventsOf(first), eventsOf(second)])

    expect(runs).toEqual([{ path: '/tmp/a', runContext: { userId: 'alice' } }])
    expect(model.requests).toHaveLength(2)
    const replies = streams.map(
      (events) =>
        events.filter(
          (event) =>
            event.type === 'thread.item.done' &&
            (event.item as { type?: string }).type === 'assistant_message',
        ).length,
    )
    expect(replies.sort()).toEqual([0, 1])
    expect(streams.flat().filter((event) => event.type === 'error')).toEqual([])
    expect((await itemsOf(store, threadId)).filter(isAgentRunStateItem)).toEqual([])
  })

  it('does not resume a saved run deleted after the history was read (another request resumed it)', async () => {
    const base = testStore()
    const deleteOnRead = new Set<string>()
    // Reads the history, then deletes the saved run, as another request on the store would.
    const store: Store<TestContext> = {
      ...base,
      async loadThreadItems(threadId, page, context) {
        const items = await base.loadThreadItems(threadId, page, context)
        for (const id of deleteOnRead) await base.deleteThreadItem(threadId, id, context)
        return items
      },
    }
    const { server, runs, model } = approvalServer(store, [
      ...deleteThenSay('unused').slice(0, 1),
      { text: ['never'] },
    ])
    const { threadId, question } = await askToDelete(server)
    const saved = (await itemsOf(base, threadId)).find(isAgentRunStateItem)
    expect(saved).toBeDefined()
    deleteOnRead.add(saved?.id ?? '')

    const events = await eventsOf(
      await server.process(answerRequest(threadId, question.id, 'Approve'), ALICE),
    )

    expect(runs).toEqual([])
    expect(model.requests).toHaveLength(1)
    expect(events.filter((event) => event.type === 'error')).toEqual([])
    expect(events.at(-1)).toMatchObject({ type: 'thread.item.replaced', item: { status: 'answered' } })
  })

  it('a leftover answered run is not resumed by a client tool output continuation, and is deleted', async () => {
    const store = testStore()
    const { server, runs, model } = approvalServer(store, [
      ...deleteThenSay('unused').slice(0, 1),
      { text: ['Got the output.'] },
    ])
    const { threadId, question } = await askToDelete(server)
    await answerWithoutContinuing(store, threadId, question)
    const call: ThreadItem = {
      type: 'client_tool_call',
      id: 'cti_later',
      thread_id: threadId,
      created_at: '2026-12-04T12:30:00.000Z',
      status: 'pending',
      call_id: 'call_client',
      name: 'get_selection',
      arguments: {},
    }
    await store.saveItem(threadId, call, ALICE)

    const events = await eventsOf(
      await server.process(
        { type: 'threads.add_client_tool_output', params: { thread_id: threadId, result: { text: 'x' } } },
        ALICE,
      ),
    )

    expect(runs).toEqual([])
    expect(toolResultsOf(model.requests[1]?.input)).not.toContainEqual(
      expect.objectContaining({ callId: 'call_del' }),
    )
    expect(events.at(-1)).toMatchObject({ item: { content: [{ text: 'Got the output.' }] } })
    expect((await itemsOf(store, threadId)).filter(isAgentRunStateItem)).toEqual([])
  })

  it('a new message deletes a leftover answered run too', async () => {
    const store = testStore()
    const { server, runs } = approvalServer(store, [
      ...deleteThenSay('unused').slice(0, 1),
      { text: ['Hello.'] },
    ])
    const { threadId, question } = await askToDelete(server)
    await answerWithoutContinuing(store, threadId, question)

    await eventsOf(
      await server.process(
        { type: 'threads.add_user_message', params: { thread_id: threadId, input: userInput('Hi') } },
        ALICE,
      ),
    )

    expect(runs).toEqual([])
    expect((await itemsOf(store, threadId)).filter(isAgentRunStateItem)).toEqual([])
  })

  it('ignores a saved run that is not valid, reports it to onError, and never throws', async () => {
    const store = testStore()
    const { errors, onError } = collectErrors()
    const { server, runs, model } = approvalServer(
      store,
      [...deleteThenSay('unused').slice(0, 1), { text: ['Carrying on.'] }],
      { onError },
    )
    const { threadId, question } = await askToDelete(server)
    const saved = (await itemsOf(store, threadId)).find(isAgentRunStateItem)
    expect(saved).toBeDefined()
    const tampered = { ...saved, content: { ...saved?.content, questions: 'not a list' } } as ThreadItem
    await store.saveItem(threadId, tampered, ALICE)
    // An app's own hidden item of that content type, without the fields of a saved run.
    const own: ThreadItem = {
      type: 'hidden_context_item',
      id: 'hci_own',
      thread_id: threadId,
      created_at: '2026-12-04T11:00:00.000Z',
      content: { type: AGENT_RUN_STATE, state: 'mine' },
    }
    await store.saveItem(threadId, own, ALICE)
    expect(isAgentRunStateItem(tampered)).toBe(false)
    expect(isAgentRunStateItem(own)).toBe(false)

    const events = await eventsOf(
      await server.process(answerRequest(threadId, question.id, 'Approve'), ALICE),
    )

    expect(runs).toEqual([])
    expect(events.filter((event) => event.type === 'error')).toEqual([])
    expect(events.at(-1)).toMatchObject({ item: { content: [{ text: 'Carrying on.' }] } })
    expect(JSON.stringify(model.requests[1]?.input)).not.toContain(AGENT_RUN_STATE)
    expect(errors).toHaveLength(2)
    for (const error of errors) {
      expect(error).toBeInstanceOf(ToolApprovalError)
      expect(error).toMatchObject({ code: 'invalid_run_state' })
    }
    // Not the bridge's to delete.
    expect((await itemsOf(store, threadId)).map((item) => item.id)).toEqual(
      expect.arrayContaining([tampered.id, own.id]),
    )
  })

  it('does not pause a run whose state is larger than maxRunStateBytes: an error event and onError', async () => {
    const store = testStore()
    const { errors, onError } = collectErrors()
    const { server, runs } = approvalServer(store, deleteThenSay('unused'), {
      approvals: { maxRunStateBytes: 64 },
      onError,
    })

    const events = await eventsOf(
      await server.process({ type: 'threads.create', params: { input: userInput('Delete /tmp/a') } }, ALICE),
    )

    expect(events.at(-1)).toEqual({ type: 'error', code: 'stream.error', allow_retry: true })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(ToolApprovalError)
    expect(errors[0]).toMatchObject({ code: 'run_state_too_large' })
    const created = events.find((event) => event.type === 'thread.created') as { thread: { id: string } }
    const items = await itemsOf(store, created.thread.id)
    expect(
      items.filter((item) => item.type === 'structured_input' || item.type === 'hidden_context_item'),
    ).toEqual([])
    expect(runs).toEqual([])
  })

  it('a runContext that throws is a failed run: an error event, and the responder’s onError gets it', async () => {
    const { errors, onError } = collectErrors()
    const failure = new Error('no run context')
    const { server, model } = approvalServer(testStore(), [{ text: ['never'] }], {
      runContext: () => {
        throw failure
      },
      onError,
    })

    const events = await eventsOf(
      await server.process({ type: 'threads.create', params: { input: userInput('Hi') } }, ALICE),
    )

    expect(events.at(-1)).toEqual({ type: 'error', code: 'stream.error', allow_retry: true })
    expect(errors).toEqual([failure])
    expect(model.requests).toEqual([])
  })
})

describe('summarizeToolArguments', () => {
  it('shows short scalar fields and hides nested values', () => {
    expect(
      summarizeToolArguments('{"path":"/tmp/a","force":true,"n":3,"tags":["x","y"],"opt":{"a":1},"z":null}'),
    ).toBe('path: "/tmp/a", force: true, n: 3, tags: [2 items], opt: {…}, z: null')
  })

  it('cuts long strings, drops control and bidirectional characters, and bounds the length', () => {
    const summary = summarizeToolArguments(
      JSON.stringify({
        note: `line one\nline two\u202e${'x'.repeat(200)}`,
        a: 1,
        b: 2,
        c: 3,
        d: 4,
        e: 5,
        f: 6,
      }),
    )
    expect(summary).not.toMatch(/[\n\u202e]/)
    expect(summary.startsWith('note: "line one line two x')).toBe(true)
    expect(summary).toContain('…')
    expect(summary.length).toBeLessThanOrEqual(160)
    expect(summary).not.toContain('f: 6')
  })

  it('is empty for arguments that are not a JSON object', () => {
    expect(summarizeToolArguments('not json')).toBe('')
    expect(summarizeToolArguments('[1,2]')).toBe('')
    expect(summarizeToolArguments(undefined)).toBe('')
  })

  it('is replaced by the app’s own question and options', async () => {
    const { server } = approvalServer(testStore(), deleteThenSay('x'), {
      approvals: { question: (call) => `Delete ${call.name}?`, approveLabel: 'Yes', rejectLabel: 'No' },
    })
    const { question } = await askToDelete(server)
    expect(question.inputs).toMatchObject([
      { question: 'Delete delete_file?', options: [{ value: 'Yes' }, { value: 'No' }] },
    ])
  })
})

describe("tool approvals with the SDK's own OpenAI Responses model", () => {
  let api: FakeResponsesApi | undefined
  afterEach(() => api?.close())

  it('pauses a streamed run on the fake Responses API, and resumes it with a fresh client', async () => {
    api = await startFakeResponsesApi(['Deleted.'], [], undefined, {
      functionCall: { name: 'delete_file', arguments: { path: '/tmp/a' }, callId: 'call_api' },
    })
    const { baseURL } = api
    const store = testStore()
    const runner = () =>
      new Runner({
        modelProvider: new OpenAIProvider({ apiKey: 'sk-test-not-a-key', baseURL, useResponses: true }),
      })
    const before = approvalServer(store, 'gpt-test', { runner: runner() })
    const { threadId, question } = await askToDelete(before.server)
    expect(before.runs).toEqual([])
    expect(question.inputs[0]?.question).toBe('Allow delete_file? path: "/tmp/a"')

    const after = approvalServer(store, 'gpt-test', { runner: runner() })
    const events = await eventsOf(
      await after.server.process(answerRequest(threadId, question.id, 'Approve'), ALICE),
    )

    expect(after.runs).toEqual([{ path: '/tmp/a', runContext: { userId: 'alice' } }])
    expect(api.requests).toHaveLength(2)
    expect(api.requests[1]?.input).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'function_call', call_id: 'call_api', name: 'delete_file' }),
        expect.objectContaining({ type: 'function_call_output', call_id: 'call_api' }),
      ]),
    )
    expect(JSON.stringify(api.requests[1]?.input)).toContain('deleted /tmp/a')
    expect(events.at(-1)).toMatchObject({
      item: { type: 'assistant_message', content: [{ text: 'Deleted.' }] },
    })
  })
})
