import {
  InputGuardrailTripwireTriggered,
  OutputGuardrailTripwireTriggered,
  type RunItem,
  type RunStreamEvent,
} from '@openai/agents'
import type { ThreadStreamEvent } from '../events.ts'
import type { StoreItemType } from '../store.ts'
import type {
  AssistantMessageContent,
  AssistantMessageItem,
  CustomTask,
  Task,
  Workflow,
  WorkflowItem,
} from '../types.ts'
import { agentErrorEvent, logAgentError } from './agentErrorEvent.ts'
import { citationAnnotations } from './citationAnnotations.ts'

/** What {@link streamAgentResponse} reads: an Agents SDK streamed run (`run(agent, input, { stream: true })`). */
export interface AgentRunStream extends AsyncIterable<RunStreamEvent> {
  /** Settles when the run is over; rejects when it failed. */
  readonly completed: Promise<void>
}

/** A tool call of the run, as {@link StreamAgentResponseOptions.describeToolCall} sees it. */
export interface AgentToolCall {
  /** The tool's name (`get_weather`, `web_search_call`...). */
  name: string
  /** The model's arguments, a JSON string, when the call has any. Model output: do not trust it. */
  arguments: string | undefined
  /** `function` for the agent's function tools, `hosted` for tools the model provider runs. */
  kind: 'function' | 'hosted' | 'other'
}

/** Options of {@link streamAgentResponse}. */
export interface StreamAgentResponseOptions {
  /** The thread the items belong to. */
  threadId: string
  /** A new item id: `respond`'s `generateItemId`. */
  generateItemId(type: StoreItemType): string
  /**
   * The clock, ISO 8601, for items' `created_at` and a workflow's duration: `respond`'s `now`.
   * @default () => new Date().toISOString()
   */
  now?: () => string
  /**
   * The task shown for a tool call, in the workflow that groups the turn's tool calls. Return
   * `null` to show nothing for it.
   * @default a custom task titled with the tool's name (its arguments are not shown)
   */
  describeToolCall?: (call: AgentToolCall) => CustomTask | null
  /**
   * Names of tools the browser runs (ChatKit's client tools). A call to one is not a task: when
   * the run ends, it becomes a pending `client_tool_call` item, which the server saves; the
   * browser answers with `threads.add_client_tool_output` and `respond` runs again with the
   * call and its output in the history. Give the agent such a tool with an `execute` that does
   * nothing, and `toolUseBehavior: { stopAtToolNames: [...] }` so the run stops at the call.
   * @default [] (no client tools)
   */
  clientToolNames?: readonly string[]
  /**
   * Gets the real error when the run fails (a model error, a tool that threw past the SDK, max
   * turns, a guardrail). The browser gets a `stream.error` event without its text.
   * @default logs with console.error
   */
  onError?: (error: unknown) => void
  /**
   * The signal the run was started with. Once it is aborted, the run's abort error is expected
   * and neither reported nor sent.
   * @default undefined
   */
  signal?: AbortSignal
}

interface OpenMessage {
  item: AssistantMessageItem
  /** The model's id of the message, when the stream names it; matches the finished message. */
  modelId: string | undefined
  text: string
}

const defaultDescribe = (call: AgentToolCall): CustomTask => ({
  type: 'custom',
  title: call.name,
  status_indicator: 'loading',
})

function toolCallOf(item: RunItem): { call: AgentToolCall; callId: string | undefined } {
  const raw = item.rawItem
  if (raw?.type === 'function_call')
    return { call: { name: raw.name, arguments: raw.arguments, kind: 'function' }, callId: raw.callId }
  if (raw?.type === 'hosted_tool_call')
    return { call: { name: raw.name, arguments: raw.arguments, kind: 'hosted' }, callId: raw.id }
  const callId = raw && 'callId' in raw && typeof raw.callId === 'string' ? raw.callId : raw?.id
  return { call: { name: raw?.type ?? 'tool', arguments: undefined, kind: 'other' }, callId }
}

/** A tool call's JSON arguments as the object a client tool call item carries. */
function parseArguments(json: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(json)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {}
  } catch {
    return {}
  }
}

/** The text of a Responses `response.reasoning_summary_text.done` event, if `event` is one. */
function reasoningSummary(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined
  const { type, text } = event as { type?: unknown; text?: unknown }
  if (type !== 'response.reasoning_summary_text.done' || typeof text !== 'string' || text.trim() === '')
    return undefined
  return text
}

function messageContent(item: RunItem): AssistantMessageContent[] {
  const raw = item.rawItem
  if (raw?.type !== 'message' || raw.role !== 'assistant') return []
  return raw.content.flatMap((part): AssistantMessageContent[] => {
    if (part.type === 'output_text')
      return [{ type: 'output_text', text: part.text, annotations: citationAnnotations(part.providerData) }]
    if (part.type === 'refusal') return [{ type: 'output_text', text: part.refusal, annotations: [] }]
    return []
  })
}

/**
 * An Agents SDK streamed run as ChatKit stream events, for `respond` to yield:
 *
 * - assistant text: `thread.item.added` (an `assistant_message`), `content_part.added`, one
 *   `text_delta` per model delta, then, when the SDK reports the finished message,
 *   `content_part.done` and `thread.item.done` with the final text and its citations as
 *   annotations (the server saves it);
 * - tool calls: one `workflow` item per run of consecutive calls, a custom task per call
 *   (`loading`, then `complete` when its output comes), done with its duration when the
 *   assistant speaks again or the run ends; a reasoning summary of the Responses API (its
 *   `response.reasoning_summary_text.done`) is a thought task in the same kind of workflow;
 * - calls to `clientToolNames`: a pending `client_tool_call` item when the run ends;
 * - a call that waits for approval (`needsApproval`): its task stops loading (status `none`);
 * - a failed run: `onError` gets the error and the browser a `stream.error` event that says
 *   nothing of it. A guardrail tripwire first removes the items this run produced, as
 *   chatkit-python does. A `StreamError` or `CustomStreamError` is thrown on, for
 *   the server to send as it does for any `respond`.
 *
 * ```ts
 * const result = await run(agent, input, { stream: true, signal })
 * yield* streamAgentResponse(result, { threadId: thread.id, generateItemId, now })
 * ```
 */
export async function* streamAgentResponse(
  result: AgentRunStream,
  options: StreamAgentResponseOptions,
): AsyncGenerator<ThreadStreamEvent> {
  const { threadId, generateItemId } = options
  const now = options.now ?? (() => new Date().toISOString())
  const describe = options.describeToolCall ?? defaultDescribe
  const onError = options.onError ?? logAgentError

  /** Streamed messages whose final form the SDK has not reported yet, oldest first. */
  const open: OpenMessage[] = []
  const clientTools = new Set(options.clientToolNames ?? [])
  /** The client tool calls of the run, made into items when it ends. */
  const clientCalls: { callId: string; name: string; arguments: string }[] = []
  /** Ids of the items this run finished, for a guardrail tripwire to take back. */
  const produced: string[] = []
  let workflow: { item: WorkflowItem; taskOfCall: Map<string, number> } | null = null

  /** Items added and not done yet. */
  const startedIds = () => [
    ...open.map((message) => message.item.id),
    ...(workflow ? [workflow.item.id] : []),
  ]

  function* endWorkflow(): Generator<ThreadStreamEvent> {
    if (!workflow) return
    const { item } = workflow
    workflow = null
    const seconds = Math.max(0, Math.round((Date.parse(now()) - Date.parse(item.created_at)) / 1000))
    const done: WorkflowItem = {
      ...item,
      workflow: {
        ...item.workflow,
        // Hosted tools report no output of their own: the run moving on means they finished.
        tasks: item.workflow.tasks.map((task) =>
          task.status_indicator === 'loading' ? { ...task, status_indicator: 'complete' } : task,
        ),
        summary: item.workflow.summary ?? { duration: seconds },
        expanded: false,
      },
    }
    produced.push(done.id)
    yield { type: 'thread.item.done', item: done }
  }

  /** Adds a task to the open workflow, or opens one (of `type`) with it. */
  function* addTask(
    task: Task,
    type: Workflow['type'],
    callId: string | undefined,
  ): Generator<ThreadStreamEvent> {
    if (!workflow) {
      workflow = {
        item: {
          type: 'workflow',
          id: generateItemId('workflow'),
          thread_id: threadId,
          created_at: now(),
          workflow: { type, tasks: [task], expanded: false },
        },
        taskOfCall: new Map(),
      }
      if (callId !== undefined) workflow.taskOfCall.set(callId, 0)
      yield { type: 'thread.item.added', item: structuredClone(workflow.item) }
      return
    }
    const { tasks } = workflow.item.workflow
    tasks.push(task)
    if (callId !== undefined) workflow.taskOfCall.set(callId, tasks.length - 1)
    yield {
      type: 'thread.item.updated',
      item_id: workflow.item.id,
      update: { type: 'workflow.task.added', task_index: tasks.length - 1, task },
    }
  }

  function* openMessage(modelId: string | undefined): Generator<ThreadStreamEvent, OpenMessage> {
    yield* endWorkflow()
    const message: OpenMessage = {
      item: {
        type: 'assistant_message',
        id: generateItemId('message'),
        thread_id: threadId,
        created_at: now(),
        content: [],
      },
      modelId,
      text: '',
    }
    open.push(message)
    yield { type: 'thread.item.added', item: message.item }
    yield {
      type: 'thread.item.updated',
      item_id: message.item.id,
      update: {
        type: 'assistant_message.content_part.added',
        content_index: 0,
        content: { type: 'output_text', text: '', annotations: [] },
      },
    }
    return message
  }

  function* finishMessage(
    message: OpenMessage,
    final: AssistantMessageContent[],
  ): Generator<ThreadStreamEvent> {
    open.splice(open.indexOf(message), 1)
    const content =
      final.length > 0 ? final : [{ type: 'output_text' as const, text: message.text, annotations: [] }]
    for (const [index, part] of content.entries()) {
      // Parts after the first were not streamed: announce them whole.
      if (index > 0)
        yield {
          type: 'thread.item.updated',
          item_id: message.item.id,
          update: { type: 'assistant_message.content_part.added', content_index: index, content: part },
        }
      yield {
        type: 'thread.item.updated',
        item_id: message.item.id,
        update: { type: 'assistant_message.content_part.done', content_index: index, content: part },
      }
    }
    produced.push(message.item.id)
    yield { type: 'thread.item.done', item: { ...message.item, content } }
  }

  function* onEvent(event: RunStreamEvent): Generator<ThreadStreamEvent> {
    if (event.type === 'raw_model_stream_event') {
      const { data } = event
      // A reasoning summary, from the raw Responses events: in stream order, before the answer.
      if (data.type === 'model') {
        const summary = reasoningSummary(data.event)
        if (summary !== undefined)
          yield* addTask({ type: 'thought', content: summary }, 'reasoning', undefined)
        return
      }
      if (data.type !== 'output_text_delta' || data.delta === '') return
      let message = open.at(-1)
      if (
        !message ||
        (data.itemId !== undefined && message.modelId !== undefined && data.itemId !== message.modelId)
      )
        message = yield* openMessage(data.itemId)
      message.text += data.delta
      yield {
        type: 'thread.item.updated',
        item_id: message.item.id,
        update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: data.delta },
      }
      return
    }
    if (event.type !== 'run_item_stream_event') return
    const { item } = event
    switch (event.name) {
      case 'message_output_created': {
        const modelId = item.rawItem?.id
        const message =
          open.find((candidate) => modelId !== undefined && candidate.modelId === modelId) ??
          // A provider that names its messages differently in deltas and items: oldest first.
          open[0] ??
          (yield* openMessage(modelId))
        yield* finishMessage(message, messageContent(item))
        return
      }
      case 'tool_called': {
        const { call, callId } = toolCallOf(item)
        if (call.kind === 'function' && clientTools.has(call.name) && callId !== undefined) {
          clientCalls.push({ callId, name: call.name, arguments: call.arguments ?? '{}' })
          return
        }
        const task = describe(call)
        if (task) yield* addTask(task, 'custom', callId)
        return
      }
      // A call waiting for the user's approval has not run: its task shows neither spinner nor check.
      case 'tool_approval_requested':
      case 'tool_output': {
        const raw = item.rawItem
        const callId = raw && 'callId' in raw && typeof raw.callId === 'string' ? raw.callId : undefined
        const index = callId === undefined ? undefined : workflow?.taskOfCall.get(callId)
        const task = index === undefined ? undefined : workflow?.item.workflow.tasks[index]
        if (!workflow || index === undefined || !task) return
        const status = event.name === 'tool_output' ? ('complete' as const) : ('none' as const)
        const completed = { ...task, status_indicator: status }
        workflow.item.workflow.tasks[index] = completed
        yield {
          type: 'thread.item.updated',
          item_id: workflow.item.id,
          update: { type: 'workflow.task.updated', task_index: index, task: completed },
        }
        return
      }
      default:
        return
    }
  }

  try {
    for await (const event of result) yield* onEvent(event)
    await result.completed
  } catch (error) {
    if (options.signal?.aborted) return
    const event = agentErrorEvent(error, onError)
    if (
      error instanceof InputGuardrailTripwireTriggered ||
      error instanceof OutputGuardrailTripwireTriggered
    ) {
      for (const id of [...produced, ...startedIds()]) yield { type: 'thread.item.removed', item_id: id }
    }
    yield event
    return
  }
  // Messages the SDK never reported as finished keep what was streamed.
  for (const message of [...open]) yield* finishMessage(message, [])
  yield* endWorkflow()
  // Last, so that the thread's last item is the call `threads.add_client_tool_output` answers.
  for (const call of clientCalls)
    yield {
      type: 'thread.item.done',
      item: {
        type: 'client_tool_call',
        id: generateItemId('tool_call'),
        thread_id: threadId,
        created_at: now(),
        status: 'pending',
        call_id: call.callId,
        name: call.name,
        arguments: parseArguments(call.arguments),
      },
    }
}
