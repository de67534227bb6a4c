import {
  RunItemStreamEvent,
  RunState,
  type Agent,
  type AgentOutputType,
  type RunContext,
  type RunStreamEvent,
  type RunToolApprovalItem,
} from '@openai/agents'
import { z } from 'zod'
import type { ThreadStreamEvent } from '../events.ts'
import type { StoreItemType } from '../store.ts'
import {
  HIDDEN_ITEM_TYPES,
  type HiddenContextItem,
  type StructuredInputItem,
  type ThreadItem,
} from '../types.ts'
import type { AgentRunStream, AgentToolCall } from './streamAgentResponse.ts'
import { ToolApprovalError } from './toolApprovalError.ts'

/** The `type` of the content of the hidden item that keeps a paused run's state. */
export const AGENT_RUN_STATE = 'chatkit_agent_run_state'

/** The largest saved run state, unless `approvals.maxRunStateBytes` says otherwise: 1 MiB. */
export const DEFAULT_MAX_RUN_STATE_BYTES = 1024 * 1024

/** What the user is shown and the model is told about a tool call that needs approval. */
export interface ToolApprovalOptions {
  /**
   * The question shown for a call. Its arguments come from the model: show only what the user
   * needs to decide, and never a secret.
   * @default `Allow <tool>? <a short summary of the arguments>` ({@link summarizeToolArguments})
   */
  question?: (call: AgentToolCall) => string
  /**
   * The option that approves the call.
   * @default 'Approve'
   */
  approveLabel?: string
  /**
   * The option that rejects the call.
   * @default 'Reject'
   */
  rejectLabel?: string
  /**
   * What the model is told as the output of a rejected (or skipped) call.
   * @default 'The user did not approve this tool call.'
   */
  rejectionMessage?: string
  /**
   * The largest run state (UTF-8 bytes of `RunState.toJSON()`) saved in the thread to wait for
   * an answer. The state holds the run's whole input, inlined attachments included: a larger
   * one is not saved, the run ends with an `error` event and `onError` gets a
   * `ToolApprovalError` with code `run_state_too_large`.
   * @default 1048576 (1 MiB, {@link DEFAULT_MAX_RUN_STATE_BYTES})
   */
  maxRunStateBytes?: number
}

/** The content of the hidden item that keeps a run paused on approvals. */
export interface AgentRunStateContent {
  type: typeof AGENT_RUN_STATE
  /** The structured input that asks the user. */
  structured_input_id: string
  /** Which question answers which tool call. */
  questions: { id: string; call_id: string }[]
  /** `RunState.toJSON()` as a string, without the app's run context. */
  state: string
}

/** A hidden item that keeps a paused run, as {@link isAgentRunStateItem} recognises it. */
export type AgentRunStateItem = HiddenContextItem & { content: AgentRunStateContent }

const runStateContent = z.object({
  type: z.literal(AGENT_RUN_STATE),
  structured_input_id: z.string(),
  questions: z.array(z.object({ id: z.string(), call_id: z.string() })),
  state: z.string(),
})

/**
 * Whether an item is the saved state of a run paused on approvals (never shown, never sent to
 * the model): a hidden item whose content has every field of {@link AgentRunStateContent}.
 */
export function isAgentRunStateItem(item: ThreadItem): item is AgentRunStateItem {
  return item.type === 'hidden_context_item' && runStateContent.safeParse(item.content).success
}

/**
 * Whether an item claims to be a saved run: a hidden item whose content's `type` is
 * {@link AGENT_RUN_STATE}, valid or not. Such an item is never model input.
 */
export function hasRunStateType(item: ThreadItem): boolean {
  if (item.type !== 'hidden_context_item') return false
  const { content } = item
  return (
    typeof content === 'object' &&
    content !== null &&
    (content as { type?: unknown }).type === AGENT_RUN_STATE
  )
}

/**
 * The saved runs of a history, oldest first. An item that claims to be one but is not valid is
 * left out (never resumed, never deleted) and reported to `onInvalid`.
 */
export function savedRuns(
  items: readonly ThreadItem[],
  onInvalid: (error: ToolApprovalError) => void,
): AgentRunStateItem[] {
  return items.flatMap((item) => {
    if (isAgentRunStateItem(item)) return [item]
    if (hasRunStateType(item))
      onInvalid(
        new ToolApprovalError(
          'invalid_run_state',
          'a hidden item of content type chatkit_agent_run_state is not a valid saved run: ignored',
        ),
      )
    return []
  })
}

// Control, bidirectional and line-separator characters: model output must not restyle the question.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g

function clip(text: string, max: number): string {
  const clean = text.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim()
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`
}

function valueText(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(clip(value, 60))
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value)
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? '' : 's'}]`
  return '{…}'
}

/**
 * A short, single-line summary of a tool call's JSON arguments, for a person to read:
 * `path: "/tmp/a", force: true`. At most six fields; strings cut to 60 characters, nested
 * objects and arrays not shown; control and bidirectional characters removed; at most
 * `maxLength` characters. Empty when the arguments are not a JSON object.
 */
export function summarizeToolArguments(json: string | undefined, maxLength = 160): string {
  let parsed: unknown
  try {
    parsed = JSON.parse(json ?? '')
  } catch {
    return ''
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return ''
  const entries = Object.entries(parsed)
  const shown = entries.slice(0, 6).map(([key, value]) => `${clip(key, 40)}: ${valueText(value)}`)
  if (entries.length > shown.length) shown.push('…')
  return clip(shown.join(', '), maxLength)
}

const defaultQuestion = (call: AgentToolCall): string => {
  const summary = summarizeToolArguments(call.arguments)
  return `Allow ${clip(call.name, 60)}?${summary ? ` ${summary}` : ''}`
}

/** A tool call of an interruption, as the question and the bridge's tasks see it. */
export function approvalCallOf(item: RunToolApprovalItem): { call: AgentToolCall; callId: string } {
  const raw = item.rawItem
  const callId = 'callId' in raw && typeof raw.callId === 'string' ? raw.callId : (raw.id ?? '')
  const kind =
    raw.type === 'function_call' ? 'function' : raw.type === 'hosted_tool_call' ? 'hosted' : 'other'
  return { call: { name: item.name ?? item.toolName ?? raw.type, arguments: item.arguments, kind }, callId }
}

/** What {@link askForApprovals} needs from `respond`. */
export interface AskForApprovalsOptions {
  threadId: string
  generateItemId(type: StoreItemType): string
  now: () => string
  approvals?: ToolApprovalOptions | undefined
}

/**
 * The events that pause a run on its interruptions: a hidden item that keeps the run's state
 * (saved by the server, never sent), then one structured input with a multiple-choice question
 * per call (approve or reject), the thread's last item. The app's run context is left out of
 * the saved state: the resumed run gets a fresh one from the request that answers.
 */
export function* askForApprovals(
  interruptions: readonly RunToolApprovalItem[],
  state: { toJSON(): { context: object } },
  options: AskForApprovalsOptions,
): Generator<ThreadStreamEvent> {
  const { threadId, generateItemId, now } = options
  const question = options.approvals?.question ?? defaultQuestion
  const approve = options.approvals?.approveLabel ?? 'Approve'
  const reject = options.approvals?.rejectLabel ?? 'Reject'
  const json = state.toJSON()
  const saved = JSON.stringify({ ...json, context: { ...json.context, context: {} } })
  const maxBytes = options.approvals?.maxRunStateBytes ?? DEFAULT_MAX_RUN_STATE_BYTES
  if (new TextEncoder().encode(saved).byteLength > maxBytes)
    throw new ToolApprovalError(
      'run_state_too_large',
      'the run state to save is larger than approvals.maxRunStateBytes: the run is not paused',
    )
  const calls = interruptions.map(approvalCallOf)
  // The hidden item first, so that the question is the thread's last item.
  const stateItem = { id: generateItemId('sdk_hidden_context'), created_at: now() }
  const input: StructuredInputItem = {
    type: 'structured_input',
    id: generateItemId('message'),
    thread_id: threadId,
    created_at: now(),
    status: 'pending',
    inputs: calls.map(({ call }, index) => ({
      type: 'multiple_choice',
      id: `approval_${index + 1}`,
      question: question(call),
      options: [{ value: approve }, { value: reject }],
      multiple: false,
    })),
  }
  const content: AgentRunStateContent = {
    type: AGENT_RUN_STATE,
    structured_input_id: input.id,
    questions: calls.map(({ callId }, index) => ({ id: `approval_${index + 1}`, call_id: callId })),
    state: saved,
  }
  yield {
    type: 'thread.item.done',
    item: {
      type: 'hidden_context_item',
      ...stateItem,
      thread_id: threadId,
      content,
    },
  }
  yield { type: 'thread.item.done', item: input }
}

/** A paused run and the structured input that asked about it, found in a thread's history. */
export interface PausedRun {
  stateItem: AgentRunStateItem
  question: StructuredInputItem
}

/**
 * The run a continuation (`respond` with a `null` input) resumes: the one whose question is the
 * thread's latest visible item, answered or skipped. Any other saved run is a leftover (its
 * continuation failed before it was deleted) and is never resumed.
 */
export function answeredRun(
  items: readonly ThreadItem[],
  saved: readonly AgentRunStateItem[],
): PausedRun | undefined {
  const question = items.findLast((item) => !HIDDEN_ITEM_TYPES.includes(item.type))
  if (question?.type !== 'structured_input' || question.status === 'pending') return undefined
  const stateItem = saved.find((item) => item.content.structured_input_id === question.id)
  return stateItem ? { stateItem, question } : undefined
}

/**
 * What a new user message does to the saved runs: the questions still pending are skipped
 * (yielded as replaced, for the server to save and the browser to show), and every saved run is
 * deleted with `deleteState`, whatever its question's status. Returns the history as the model
 * should read it.
 */
export async function* skipPendingApprovals(
  items: readonly ThreadItem[],
  saved: readonly AgentRunStateItem[],
  deleteState: (itemId: string) => Promise<void>,
): AsyncGenerator<ThreadStreamEvent, ThreadItem[]> {
  const history = [...items]
  const asked = new Set(saved.map((item) => item.content.structured_input_id))
  for (const stateItem of saved) await deleteState(stateItem.id)
  for (const [index, question] of items.entries()) {
    if (question.type !== 'structured_input' || question.status !== 'pending' || !asked.has(question.id))
      continue
    const skipped: StructuredInputItem = {
      ...question,
      status: 'skipped',
      inputs: question.inputs.map((input) => ({ ...input, answer: { values: [], skipped: true } })),
    }
    history[index] = skipped
    yield { type: 'thread.item.replaced', item: skipped }
  }
  return history
}

/**
 * The run state of an answered approval, with each call approved or rejected as the user
 * answered (skipped or unanswered is rejected), and the calls that were approved. The run gets
 * `runContext`, the app's context for the request that answered.
 */
export async function resumePausedRun<TRunContext, TOutput extends AgentOutputType>(
  agent: Agent<TRunContext, TOutput>,
  paused: PausedRun,
  runContext: RunContext<TRunContext>,
  approvals: ToolApprovalOptions | undefined,
): Promise<{ state: RunState<TRunContext, Agent<TRunContext, TOutput>>; approved: RunToolApprovalItem[] }> {
  const approve = approvals?.approveLabel ?? 'Approve'
  const message = approvals?.rejectionMessage ?? 'The user did not approve this tool call.'
  const state = await RunState.fromStringWithContext<TRunContext, Agent<TRunContext, TOutput>>(
    agent,
    paused.stateItem.content.state,
    runContext,
    { contextStrategy: 'merge' },
  )
  const { question } = paused
  const approved: RunToolApprovalItem[] = []
  for (const interruption of state.getInterruptions()) {
    const { callId } = approvalCallOf(interruption)
    const id = paused.stateItem.content.questions.find((entry) => entry.call_id === callId)?.id
    const answer = question.inputs.find((input) => input.id === id)?.answer
    const yes = question.status === 'answered' && !answer?.skipped && answer?.values?.[0] === approve
    if (yes) {
      state.approve(interruption)
      approved.push(interruption)
    } else state.reject(interruption, { message })
  }
  return { state, approved }
}

/**
 * A resumed run's events, led by a `tool_called` for each call the user approved: the bridge
 * shows each as a task, which completes when the SDK reports the call's output.
 */
export function withApprovedCalls(
  result: AgentRunStream,
  approved: readonly RunToolApprovalItem[],
): AgentRunStream {
  async function* events(): AsyncGenerator<RunStreamEvent> {
    for (const item of approved) yield new RunItemStreamEvent('tool_called', item)
    yield* result
  }
  return { completed: result.completed, [Symbol.asyncIterator]: events }
}
