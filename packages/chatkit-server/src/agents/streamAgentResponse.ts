import {
  InputGuardrailTripwireTriggered,
  OutputGuardrailTripwireTriggered,
  type RunContext,
  type RunItem,
  type RunStreamEvent,
} from '@openai/agents'
import type { ThreadStreamEvent } from '../events.ts'
import type { StoreItemType } from '../store.ts'
import type {
  AssistantMessageContent,
  AssistantMessageItem,
  CustomTask,
  FileSource,
  GeneratedImageItem,
  Task,
  URLSource,
  WorkflowItem,
} from '../types.ts'
import { agentErrorEvent, logAgentError } from './agentErrorEvent.ts'
import { mergeAgentEvents, QueuedEvent } from './agentEventQueue.ts'
import { agentWorkflow } from './agentWorkflow.ts'
import { agentEventQueueOf } from './chatKitRunContext.ts'
import { citationAnnotation, citationAnnotations, type CitationToAnnotation } from './citationAnnotations.ts'
import { responsesStreamEvent, type ResponsesStreamEvent } from './responsesStreamEvent.ts'

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
  /**
   * A workflow your `respond` opened (its `thread.item.added` sent) for the run to continue:
   * the run's tasks join it, and it ends as any other (a summary you set is kept).
   * @default undefined (the run opens its own workflows)
   */
  workflow?: WorkflowItem
  /**
   * Where a generated image is kept: returns the URL the thread stores for it (upload the bytes
   * to your storage and return its URL). Called for each partial image (`partialIndex` from 0)
   * and for the final image (`partialIndex` undefined); `imageId` is the image generation
   * call's id, the same for all of them. May be async.
   * @default a `data:image/png;base64,` URL of the image itself (large: the store keeps it whole)
   */
  base64ImageToUrl?: (image: GeneratedImageInput) => string | Promise<string>
  /**
   * How many partial images the image generation tool was asked for (its `partial_images`):
   * a partial image's progress is then `min(1, partialIndex / partialImages)`.
   * @default undefined (progress 0 for every partial image)
   */
  partialImages?: number
  /**
   * Your own conversion of the model's citations (file, container file and URL citations) into
   * ChatKit annotations, for the annotations streamed as they come and for the finished
   * message. Return `undefined` for the default, `null` to leave one out. May be async.
   * @default chatkit-python's conversion (`defaultCitationAnnotation`)
   */
  citationToAnnotation?: CitationToAnnotation
  /**
   * The run context the run was started with (`run(agent, input, { context })`), when
   * `createChatKitRunContext` made it: what its tools stream (`chatKitContext(runContext)
   * .streamWidget(...)`) is merged into the events as it comes, before the tool's output, and a
   * widget ends the open workflow as a message does. The side channel closes when the stream
   * ends or is closed.
   * @default undefined (tools stream nothing)
   */
  runContext?: RunContext<unknown>
}

/** An image of the image generation tool, as {@link StreamAgentResponseOptions.base64ImageToUrl} gets it. */
export interface GeneratedImageInput {
  /** The image generation call's id: the same for its partial images and its final image. */
  imageId: string
  /** The image, base64 (PNG unless the tool was asked for another format). */
  base64: string
  /** Which partial image this is, from 0; undefined for the final image. */
  partialIndex: number | undefined
}

interface OpenMessage {
  item: AssistantMessageItem
  /** The model's id of the message, when the stream names it; matches the finished message. */
  modelId: string | undefined
  text: string
  /** Annotations streamed so far: the next one's index (dropped citations leave no gap). */
  annotations: number
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

/** Python's default: the image itself, as a data URL. */
const defaultImageUrl = (image: GeneratedImageInput): string => `data:image/png;base64,${image.base64}`

/** A web search as ChatKit's search task: what was searched for and the pages read. */
function searchTask(
  queries: string[],
  pages: { url: string; title?: string }[],
  status: 'loading' | 'complete',
): Task {
  const sources = pages.map((page): URLSource => ({
    type: 'url',
    url: page.url,
    title: page.title ?? page.url,
  }))
  return {
    type: 'web_search',
    status_indicator: status,
    ...(queries[0] === undefined ? {} : { title_query: queries[0] }),
    queries,
    sources,
  }
}

/** A file search as ChatKit's file task: the files it found, as file sources. */
function fileTask(queries: string[], filenames: string[], status: 'loading' | 'complete'): Task {
  const sources = filenames.map((filename): FileSource => ({ type: 'file', filename, title: filename }))
  return {
    type: 'file',
    status_indicator: status,
    title: queries.length > 0 ? `Searched files for ${queries.join(', ')}` : 'Searched files',
    sources,
  }
}

/** The name of the agent a handoff went to. */
function handoffTarget(item: RunItem): string | undefined {
  if (!('targetAgent' in item)) return undefined
  const target: unknown = item.targetAgent
  if (typeof target !== 'object' || target === null || !('name' in target)) return undefined
  return typeof target.name === 'string' ? target.name : undefined
}

async function messageContent(
  item: RunItem,
  convert: CitationToAnnotation | undefined,
): Promise<AssistantMessageContent[]> {
  const raw = item.rawItem
  if (raw?.type !== 'message' || raw.role !== 'assistant') return []
  const content: AssistantMessageContent[] = []
  for (const part of raw.content) {
    if (part.type === 'output_text')
      content.push({
        type: 'output_text',
        text: part.text,
        annotations: await citationAnnotations(part.providerData, convert),
      })
    else if (part.type === 'refusal')
      content.push({ type: 'output_text', text: part.refusal, annotations: [] })
  }
  return content
}

/**
 * An Agents SDK streamed run as ChatKit stream events, for `respond` to yield:
 *
 * - assistant text: `thread.item.added` (an `assistant_message`), `content_part.added`, one
 *   `text_delta` per model delta, then, when the SDK reports the finished message,
 *   `content_part.done` and `thread.item.done` with the final text and its citations as
 *   annotations (the server saves it);
 * - tool calls: one `workflow` item per run of consecutive calls, a custom task per call
 *   (`loading`, then `complete` when its output comes), done when a visible item follows or
 *   the run ends (see {@link agentWorkflow} for the summary and duration rules);
 * - reasoning (Responses API): a `reasoning` workflow opened when the model starts reasoning,
 *   its first summary streamed into a thought task, later summaries added whole;
 * - hosted tools (Responses API): a web search is a `web_search` task with its queries and the
 *   pages read as URL sources, a file search a `file` task with the files found as file
 *   sources; image generation is a `generated_image` item, updated per partial image (with
 *   `progress`) and done with the image at the URL `base64ImageToUrl` gives;
 * - a handoff: a task "Handed off to <agent name>"; the next agent's answer follows as the
 *   next assistant message;
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
  const toUrl = options.base64ImageToUrl ?? defaultImageUrl

  /** Streamed messages whose final form the SDK has not reported yet, oldest first. */
  const open: OpenMessage[] = []
  const clientTools = new Set(options.clientToolNames ?? [])
  /** The client tool calls of the run, made into items when it ends. */
  const clientCalls: { callId: string; name: string; arguments: string }[] = []
  /** Ids of the items this run finished, for a guardrail tripwire to take back. */
  const produced: string[] = []
  const markDone = (id: string) => produced.push(id)
  const workflow = agentWorkflow({ threadId, generateItemId, now, initial: options.workflow })
  /** Hosted tool calls shown from the raw Responses events: their run items add nothing. */
  const shownHosted = new Set<string>()
  /** Generated images still in progress, by image generation call id. */
  const images = new Map<string, GeneratedImageItem>()

  /** Items a tool streamed: added and not done yet. */
  const toolItems = new Set<string>()
  const queue = agentEventQueueOf(options.runContext)

  /** Items added and not done yet. */
  const startedIds = () => [
    ...toolItems,
    ...open.map((message) => message.item.id),
    ...(workflow.id === undefined ? [] : [workflow.id]),
    ...[...images.values()].map((image) => image.id),
  ]

  function* openMessage(modelId: string | undefined): Generator<ThreadStreamEvent, OpenMessage> {
    yield* workflow.end(markDone)
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
      annotations: 0,
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

  /** A text delta of a streamed message: kept for its final text, and sent. */
  function appendDelta(message: OpenMessage, delta: string): ThreadStreamEvent {
    message.text += delta
    return {
      type: 'thread.item.updated',
      item_id: message.item.id,
      update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta },
    }
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

  /** A generated image: added when the tool starts, updated per partial image, done with the image. */
  async function* onImage(
    event: Extract<ResponsesStreamEvent, { kind: 'image_added' | 'image_partial' | 'image_done' }>,
  ): AsyncGenerator<ThreadStreamEvent> {
    if (event.kind === 'image_added') {
      if (images.has(event.itemId)) return
      // The image follows the workflow, as a message does.
      yield* workflow.end(markDone)
      const item: GeneratedImageItem = {
        type: 'generated_image',
        id: generateItemId('message'),
        thread_id: threadId,
        created_at: now(),
        image: null,
      }
      images.set(event.itemId, item)
      shownHosted.add(event.itemId)
      yield { type: 'thread.item.added', item: { ...item } }
      return
    }
    const item = images.get(event.itemId)
    if (!item) return
    if (event.kind === 'image_partial') {
      const url = await toUrl({
        imageId: event.itemId,
        base64: event.base64,
        partialIndex: event.partialIndex,
      })
      const image = { id: event.itemId, url }
      item.image = image
      const partials = options.partialImages
      const progress = partials !== undefined && partials > 0 ? Math.min(1, event.partialIndex / partials) : 0
      yield {
        type: 'thread.item.updated',
        item_id: item.id,
        update: { type: 'generated_image.updated', image: { ...image }, progress },
      }
      return
    }
    images.delete(event.itemId)
    if (event.base64 === undefined) {
      // The tool gave no image: nothing to keep.
      yield { type: 'thread.item.removed', item_id: item.id }
      return
    }
    const url = await toUrl({ imageId: event.itemId, base64: event.base64, partialIndex: undefined })
    produced.push(item.id)
    yield { type: 'thread.item.done', item: { ...item, image: { id: event.itemId, url } } }
  }

  /** A raw Responses event: reasoning, image generation and the hosted searches, in stream order. */
  async function* onResponsesEvent(raw: unknown): AsyncGenerator<ThreadStreamEvent> {
    const event = responsesStreamEvent(raw)
    if (!event) return
    switch (event.kind) {
      case 'reasoning_added':
        yield* workflow.begin('reasoning')
        return
      case 'summary_delta':
        yield* workflow.thoughtDelta(event.itemId, event.summaryIndex, event.delta)
        return
      case 'summary_done':
        yield* workflow.thoughtDone(event.itemId, event.summaryIndex, event.text)
        return
      case 'image_added':
      case 'image_partial':
      case 'image_done':
        yield* onImage(event)
        return
      case 'web_search_added':
      case 'file_search_added':
        if (shownHosted.has(event.itemId)) return
        shownHosted.add(event.itemId)
        yield* workflow.add(
          event.kind === 'web_search_added'
            ? searchTask(event.queries, [], 'loading')
            : fileTask(event.queries, [], 'loading'),
          'custom',
          event.itemId,
        )
        return
      case 'annotation_added': {
        // Only the first part streams; later parts come whole, with their annotations.
        if (event.contentIndex !== 0) return
        const message = open.find((candidate) => candidate.modelId === event.itemId) ?? open.at(-1)
        if (!message) return
        const annotation = await citationAnnotation(event.annotation, options.citationToAnnotation)
        if (!annotation) return
        yield {
          type: 'thread.item.updated',
          item_id: message.item.id,
          update: {
            type: 'assistant_message.content_part.annotation_added',
            content_index: 0,
            annotation_index: message.annotations++,
            annotation,
          },
        }
        return
      }
      case 'web_search_done':
      case 'file_search_done': {
        const done =
          event.kind === 'web_search_done'
            ? searchTask(event.queries, event.sources, 'complete')
            : fileTask(event.queries, event.filenames, 'complete')
        if (workflow.has(event.itemId)) yield* workflow.update(event.itemId, () => done)
        else if (!shownHosted.has(event.itemId)) yield* workflow.add(done, 'custom', event.itemId)
        shownHosted.add(event.itemId)
        return
      }
    }
  }

  async function* onEvent(event: RunStreamEvent): AsyncGenerator<ThreadStreamEvent> {
    if (event.type === 'raw_model_stream_event') {
      const { data } = event
      if (data.type === 'model') {
        yield* onResponsesEvent(data.event)
        return
      }
      if (data.type !== 'output_text_delta' || data.delta === '') return
      let message = open.at(-1)
      if (
        !message ||
        (data.itemId !== undefined && message.modelId !== undefined && data.itemId !== message.modelId)
      )
        message = yield* openMessage(data.itemId)
      yield appendDelta(message, data.delta)
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
        yield* finishMessage(message, await messageContent(item, options.citationToAnnotation))
        return
      }
      case 'tool_called': {
        const { call, callId } = toolCallOf(item)
        if (call.kind === 'function' && clientTools.has(call.name) && callId !== undefined) {
          clientCalls.push({ callId, name: call.name, arguments: call.arguments ?? '{}' })
          return
        }
        // Shown already, from the model's own stream (searches, images).
        if (call.kind === 'hosted' && callId !== undefined && shownHosted.has(callId)) return
        const task = describe(call)
        if (task) yield* workflow.add(task, 'custom', callId)
        return
      }
      // A call waiting for the user's approval has not run: its task shows neither spinner nor check.
      case 'tool_approval_requested':
      case 'tool_output': {
        const raw = item.rawItem
        const callId = raw && 'callId' in raw && typeof raw.callId === 'string' ? raw.callId : undefined
        if (callId === undefined) return
        const status = event.name === 'tool_output' ? ('complete' as const) : ('none' as const)
        yield* workflow.update(callId, (task) => ({ ...task, status_indicator: status }))
        return
      }
      case 'handoff_occurred': {
        const target = handoffTarget(item)
        if (target === undefined) return
        yield* workflow.add(
          { type: 'custom', title: `Handed off to ${target}`, status_indicator: 'complete' },
          'custom',
        )
        return
      }
      default:
        return
    }
  }

  /** An event a tool streamed: a visible item ends the open workflow, as a message does. */
  function* onQueued(event: QueuedEvent['event']): Generator<ThreadStreamEvent> {
    if (event.type === 'thread.item.added' || event.type === 'thread.item.done') {
      yield* workflow.end(markDone)
      if (event.type === 'thread.item.added') toolItems.add(event.item.id)
      else {
        toolItems.delete(event.item.id)
        produced.push(event.item.id)
      }
    }
    yield event
  }

  try {
    for await (const event of queue ? mergeAgentEvents(result, queue) : result) {
      if (event instanceof QueuedEvent) {
        yield* onQueued(event.event)
        continue
      }
      // The hot path, one per token: a delta of the message being streamed, without the
      // nested generators of onEvent.
      const data = event.type === 'raw_model_stream_event' ? event.data : undefined
      const message = open.at(-1)
      if (
        data?.type === 'output_text_delta' &&
        data.delta !== '' &&
        message &&
        (data.itemId === undefined || message.modelId === undefined || data.itemId === message.modelId)
      ) {
        yield appendDelta(message, data.delta)
        continue
      }
      yield* onEvent(event)
    }
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
  } finally {
    queue?.close()
  }
  // What tools streamed before the run ended, and nothing after.
  for (const event of queue?.take() ?? []) yield* onQueued(event)
  // Messages the SDK never reported as finished keep what was streamed.
  for (const message of [...open]) yield* finishMessage(message, [])
  // An image whose tool never finished: its last partial image, or nothing.
  for (const [imageId, image] of images) {
    images.delete(imageId)
    if (image.image) {
      produced.push(image.id)
      yield { type: 'thread.item.done', item: image }
    } else yield { type: 'thread.item.removed', item_id: image.id }
  }
  yield* workflow.end(markDone)
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
