import { RunContext } from '@openai/agents'
import type { StoreItemType } from '../store.ts'
import type { WidgetRoot } from '../types.ts'
import { streamWidget } from '../widgets/streamWidget.ts'
import { createAgentEventQueue, type AgentEventQueue } from './agentEventQueue.ts'
import { ChatKitContextError } from './chatKitContextError.ts'

/** A widget a tool shows: one widget, or its successive states as they come. */
export type ToolWidget = WidgetRoot | AsyncIterable<WidgetRoot> | Iterable<WidgetRoot>

/** Options of {@link ChatKitAgentContext.streamWidget}. */
export interface ToolWidgetOptions {
  /**
   * The text ChatKit copies for the widget; the model reads it instead of the widget's words in
   * later turns.
   * @default none
   */
  copyText?: string
}

/** What a tool of a ChatKit run can do in the thread, beside returning its output to the model. */
export interface ChatKitAgentContext {
  /** The thread the run answers in. */
  readonly threadId: string
  /**
   * Shows a widget in the thread, as a `widget` item the server saves: one widget as its
   * `thread.item.done`; successive states as `thread.item.added`, the updates `diffWidget`
   * finds, and `thread.item.done` with the last (see `streamWidget` of the widgets entry). The
   * events reach the browser before the tool's output reaches the model; in later turns the
   * model reads the widget as a short text (`widgetText`), never its JSON. Settles once every
   * state is queued; rejects with a `run_ended` {@link ChatKitContextError} when the run's
   * stream ended or was cancelled, and stops reading the states then.
   */
  streamWidget(widget: ToolWidget, options?: ToolWidgetOptions): Promise<void>
}

/** Options of {@link createChatKitRunContext}. */
export interface ChatKitRunContextOptions {
  /** The thread the run answers in. */
  threadId: string
  /** A new item id: `respond`'s `generateItemId`. */
  generateItemId(type: StoreItemType): string
  /**
   * The clock, ISO 8601, for items' `created_at`: `respond`'s `now`.
   * @default () => new Date().toISOString()
   */
  now?: () => string
  /**
   * Closes the side channel when it aborts (the request's signal): a widget still streaming
   * stops, and its `streamWidget` rejects.
   * @default undefined (closed when `streamAgentResponse` ends)
   */
  signal?: AbortSignal
}

interface Channel {
  context: ChatKitAgentContext
  queue: AgentEventQueue
}

const channels = new WeakMap<RunContext<unknown>, Channel>()

/** The states of `source` until the queue closes; then the source is asked to stop, unawaited. */
async function* untilClosed(
  source: AsyncIterable<WidgetRoot>,
  signal: AbortSignal,
): AsyncGenerator<WidgetRoot> {
  const iterator = source[Symbol.asyncIterator]()
  let stop: (() => void) | undefined
  const stopped = new Promise<never>((_resolve, reject) => {
    stop = () => reject(signal.reason)
  })
  stopped.catch(() => undefined)
  const onAbort = () => stop?.()
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    for (;;) {
      if (signal.aborted) throw signal.reason
      const step = await Promise.race([iterator.next(), stopped])
      if (step.done) return
      yield step.value
    }
  } finally {
    signal.removeEventListener('abort', onAbort)
    // A source waiting inside an await cannot stop yet: it stops at its next yield.
    if (signal.aborted) void Promise.resolve(iterator.return?.()).catch(() => undefined)
  }
}

/**
 * The Agents SDK run context for a run whose tools may stream into the ChatKit thread: pass it
 * as `run(agent, input, { context })` and as `streamAgentResponse`'s `runContext`. Its `context`
 * is yours (`runContext.context`), unchanged; tools reach the thread with
 * {@link chatKitContext}. `createAgentResponder` makes one per request.
 */
export function createChatKitRunContext<TContext>(
  context: TContext,
  options: ChatKitRunContextOptions,
): RunContext<TContext> {
  const runContext = new RunContext<TContext>(context)
  const queue = createAgentEventQueue()
  const now = options.now ?? (() => new Date().toISOString())
  if (options.signal?.aborted) queue.close()
  else options.signal?.addEventListener('abort', () => queue.close(), { once: true })
  const chatkit: ChatKitAgentContext = {
    threadId: options.threadId,
    async streamWidget(widget, widgetOptions = {}) {
      if (queue.signal.aborted) throw queue.signal.reason
      const states = Symbol.asyncIterator in widget ? untilClosed(widget, queue.signal) : widget
      for await (const event of streamWidget({
        threadId: options.threadId,
        id: options.generateItemId('message'),
        widget: states,
        createdAt: now(),
        ...(widgetOptions.copyText === undefined ? {} : { copyText: widgetOptions.copyText }),
      }))
        queue.push(event)
    },
  }
  channels.set(runContext, { context: chatkit, queue })
  return runContext
}

/**
 * The ChatKit side of a tool's run context: `chatKitContext(runContext).streamWidget(card)` in
 * a tool's `execute(input, runContext)`. Throws an `outside_run` {@link ChatKitContextError}
 * when the run context was not made by {@link createChatKitRunContext} (a tool run outside
 * ChatKit, or inside an agent used as a tool, whose run context is its own).
 */
export function chatKitContext(runContext: RunContext<unknown> | undefined): ChatKitAgentContext {
  const channel = runContext && channels.get(runContext)
  if (!channel)
    throw new ChatKitContextError(
      'outside_run',
      'This run context is not of a ChatKit run (createChatKitRunContext).',
    )
  return channel.context
}

/** The queue of a run context made by {@link createChatKitRunContext}, for the stream to merge. */
export function agentEventQueueOf(runContext: RunContext<unknown> | undefined): AgentEventQueue | undefined {
  return runContext && channels.get(runContext)?.queue
}
