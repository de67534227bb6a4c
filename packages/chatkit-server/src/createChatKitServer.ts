import type { AttachmentStore } from './attachmentStore.ts'
import { applyItemUpdate } from './applyItemUpdate.ts'
import { eventStream } from './eventStream.ts'
import {
  isStreamingRequest,
  type ChatKitRequestType,
  type JsonRequest,
  type StreamingRequest,
} from './chatKitRequest.ts'
import type { ChatKitRequestError, ChatKitResult, ChatKitServer, ProcessOptions } from './chatKitServer.ts'
import type { ErrorEvent, StreamOptions, ThreadStreamEvent } from './events.ts'
import { parseChatKitRequest } from './parseChatKitRequest.ts'
import { NotFoundError, type Store, type StoreItemType } from './store.ts'
import { CustomStreamError, StreamError } from './streamError.ts'
import { toWireAttachment, toWireEvent, toWireItem, toWireJson, toWireThread } from './toWire.ts'
import {
  isHiddenItem,
  type Action,
  type StructuredInputItem,
  type SyncCustomActionResponse,
  type ThreadItem,
  type ThreadMetadata,
  type TranscriptionResult,
  type UserMessageInput,
  type UserMessageItem,
  type WidgetItem,
} from './types.ts'

/** Page size of `threads.get_by_id`'s first items, and of lists that name no `limit`. */
export const DEFAULT_PAGE_SIZE = 20

/** What `respond` and `action` receive besides the thread, input and context. */
export interface RespondOptions {
  /** Aborted when the stream is cancelled (client gone or stream cancelled): stop the model call. */
  signal: AbortSignal
  /** The request's `metadata`. It comes from the browser: never trust it. */
  metadata: Record<string, unknown>
  /** A new item id for this thread, from the store (`generateItemId(type, thread, context)`). */
  generateItemId(type: StoreItemType): string
  /** The server's clock as an ISO 8601 string, for items' `created_at`. */
  now(): string
}

/**
 * The app's answer to a user message: an async iterable of stream events (plain objects with
 * the wire field names). `input` is the user message, or `null` when the server asks for a
 * continuation (after a client tool's output or a structured input).
 */
export type RespondFunction<TContext> = (
  thread: ThreadMetadata,
  input: UserMessageItem | null,
  context: TContext,
  options: RespondOptions,
) => AsyncIterable<ThreadStreamEvent>

/** Audio to transcribe (`input.transcribe`). */
export interface AudioInput {
  data: Uint8Array
  /** The raw MIME type, as `audio/webm;codecs=opus`. */
  mime_type: string
  /** The MIME type without parameters, as `audio/webm`. */
  media_type: string
}

/** Options of {@link createChatKitServer}. */
export interface CreateChatKitServerOptions<TContext> {
  /** Where threads, items and attachments' metadata live. */
  store: Store<TContext>
  /** Streams the answer to a user message (chatkit-python's `respond`). */
  respond: RespondFunction<TContext>
  /**
   * Streams the answer to a widget or client action (`threads.custom_action`). `sender` is the
   * widget item the action came from, if any.
   * @default undefined (`threads.custom_action` answers 501 `not_supported`)
   */
  action?: (
    thread: ThreadMetadata,
    action: Action,
    sender: WidgetItem | null,
    context: TContext,
    options: RespondOptions,
  ) => AsyncIterable<ThreadStreamEvent>
  /**
   * Answers an action with at most one updated item (`threads.sync_custom_action`).
   * @default undefined (`threads.sync_custom_action` answers 501 `not_supported`)
   */
  syncAction?: (
    thread: ThreadMetadata,
    action: Action,
    sender: WidgetItem | null,
    context: TContext,
  ) => Promise<SyncCustomActionResponse>
  /**
   * Records thumbs up or down on items (`items.feedback`).
   * @default undefined (feedback is accepted and dropped, as chatkit-python's default does)
   */
  addFeedback?: (
    threadId: string,
    itemIds: string[],
    kind: 'positive' | 'negative',
    context: TContext,
  ) => Promise<void>
  /**
   * Turns dictated audio into composer text (`input.transcribe`).
   * @default undefined (`input.transcribe` answers 501 `not_supported`)
   */
  transcribe?: (audio: AudioInput, context: TContext) => Promise<TranscriptionResult>
  /**
   * Handles attachment files (`attachments.create`, `attachments.delete`).
   * @default undefined (both answer 501 `not_supported`)
   */
  attachmentStore?: AttachmentStore<TContext>
  /**
   * The stream's options, sent as `stream_options` before the app's events.
   * @default () => ({ allow_cancel: true })
   */
  getStreamOptions?: (thread: ThreadMetadata, context: TContext) => StreamOptions
  /**
   * Runs when a stream is cancelled, with the items that were added but not done. Replaces the
   * default, which `saveDefault` runs: save the unfinished assistant messages that have text,
   * then add a hidden `sdk_hidden_context` item telling the model the user cancelled.
   * @default undefined (the default above)
   */
  handleStreamCancelled?: (
    thread: ThreadMetadata,
    pendingItems: ThreadItem[],
    context: TContext,
    saveDefault: () => Promise<void>,
  ) => Promise<void>
  /**
   * Gets the real error when a stream fails for a reason other than a {@link StreamError} or
   * {@link CustomStreamError} (the browser gets `stream.error` only), for server logs.
   * @default logs with console.error
   */
  onError?: (error: unknown, info: { type: ChatKitRequestType }) => void
  /**
   * The clock, for `created_at` of threads and items the server makes.
   * @default () => new Date()
   */
  now?: () => Date
}

/** What the hidden item added on cancellation tells the model. */
export const CANCELLED_CONTENT =
  'The user stopped the previous response before it finished. Do not continue it.'

/** A request refused before any work: thrown inside the server, answered as a ChatKitResult. */
class Refusal extends Error {
  constructor(
    readonly status: 400 | 404 | 501,
    readonly error: ChatKitRequestError,
  ) {
    super(error.message)
  }
}

const notSupported = (type: ChatKitRequestType, option: string) =>
  new Refusal(501, {
    code: 'not_supported',
    message: `${type} is not supported by this server (createChatKitServer was given no ${option})`,
  })

const conflict = (path: string, what: string) =>
  new Refusal(400, { code: 'invalid_request', message: `${path}: ${what}`, path })

/** Runs a store load; a NotFoundError becomes a 404 naming the request field. */
async function found<T>(load: Promise<T>, path: string): Promise<T> {
  try {
    return await load
  } catch (error) {
    if (error instanceof NotFoundError)
      throw new Refusal(404, { code: 'not_found', message: `${path}: not found`, path })
    throw error
  }
}

const ABORTED = Symbol('aborted')

/**
 * The iterator's next steps, each rejected with ABORTED as soon as `signal` aborts. One abort
 * listener for the whole stream, not one per event: the stream's hot path.
 */
function stepsUnlessAborted<T>(
  iterator: AsyncIterator<T>,
  signal: AbortSignal,
): { next(): Promise<IteratorResult<T>>; release(): void } {
  let rejectStep: ((reason: unknown) => void) | undefined
  const onAbort = () => rejectStep?.(ABORTED)
  signal.addEventListener('abort', onAbort, { once: true })
  return {
    next() {
      if (signal.aborted) return Promise.reject(ABORTED)
      return new Promise((resolve, reject) => {
        rejectStep = reject
        iterator.next().then(resolve, reject)
      })
    },
    release: () => signal.removeEventListener('abort', onAbort),
  }
}

function errorEvent(error: unknown): ErrorEvent {
  if (error instanceof CustomStreamError)
    return { type: 'error', code: 'custom', message: error.message, allow_retry: error.allowRetry }
  if (error instanceof StreamError) return { type: 'error', code: error.code, allow_retry: error.allowRetry }
  return { type: 'error', code: 'stream.error', allow_retry: true }
}

/** Asks an iterator to finish, ignoring what it answers or throws. */
function closeQuietly(iterator: AsyncIterator<unknown> | undefined): void {
  try {
    iterator?.return?.()?.catch(() => undefined)
  } catch {
    // A synchronous throw from a hand-written iterator: nothing more to close.
  }
}

/**
 * ChatKit's server protocol (chatkit-python 1.6.5's `ChatKitServer`) over a {@link Store} and
 * the app's `respond`. Its `process(body, context, { signal })` validates the body, runs the
 * request for that context and answers a stream of Server-Sent Events or one JSON body.
 */
export function createChatKitServer<TContext>(
  options: CreateChatKitServerOptions<TContext>,
): ChatKitServer<TContext> {
  const { store } = options
  const clock = options.now ?? (() => new Date())
  const now = () => clock().toISOString()
  const onError =
    options.onError ??
    ((error: unknown, info: { type: ChatKitRequestType }) =>
      console.error(`chatkit-server: ${info.type} failed`, error))

  const respondOptions = (
    thread: ThreadMetadata,
    context: TContext,
    signal: AbortSignal,
    metadata: Record<string, unknown>,
  ): RespondOptions => ({
    signal,
    metadata,
    generateItemId: (type) => store.generateItemId(type, thread, context),
    now,
  })

  async function saveCancelled(thread: ThreadMetadata, pending: ThreadItem[], context: TContext) {
    for (const item of pending) {
      if (item.type !== 'assistant_message') continue
      if (item.content.some((part) => part.text.trim() !== ''))
        await store.addThreadItem(thread.id, item, context)
    }
    await store.addThreadItem(
      thread.id,
      {
        type: 'sdk_hidden_context',
        id: store.generateItemId('sdk_hidden_context', thread, context),
        thread_id: thread.id,
        created_at: now(),
        content: CANCELLED_CONTENT,
      },
      context,
    )
  }

  /**
   * The stream_options event, then the source's events, each saved as Python saves it (items on
   * `.done` and `.replaced`, deletions on `.removed`), hidden items swallowed, the thread saved
   * and announced when it changed, errors turned into an `error` event, and on cancellation the
   * pending items handed to handleStreamCancelled.
   */
  async function* processEvents(
    thread: ThreadMetadata,
    context: TContext,
    source: () => AsyncIterable<ThreadStreamEvent>,
    signal: AbortSignal,
    type: ChatKitRequestType,
  ): AsyncGenerator<ThreadStreamEvent> {
    yield {
      type: 'stream_options',
      stream_options: options.getStreamOptions?.(thread, context) ?? { allow_cancel: true },
    }
    let last = JSON.stringify(thread)
    /** Whether the thread changed since last saved; a plain check, as it runs after every event. */
    const threadChanged = () => {
      const current = JSON.stringify(thread)
      if (current === last) return false
      last = current
      return true
    }
    async function* threadUpdated(): AsyncGenerator<ThreadStreamEvent> {
      await store.saveThread(thread, context)
      yield { type: 'thread.updated', thread: toWireThread(thread) }
    }
    const pending = new Map<string, ThreadItem>()
    let settled = false
    let exhausted = false
    let iterator: AsyncIterator<ThreadStreamEvent> | undefined
    let steps: ReturnType<typeof stepsUnlessAborted<ThreadStreamEvent>> | undefined
    try {
      iterator = source()[Symbol.asyncIterator]()
      steps = stepsUnlessAborted(iterator, signal)
      for (;;) {
        const step = await steps.next()
        if (step.done) {
          exhausted = true
          break
        }
        const event = step.value
        let hidden = false
        switch (event.type) {
          case 'thread.item.added':
            pending.set(event.item.id, structuredClone(event.item))
            hidden = isHiddenItem(event.item)
            break
          case 'thread.item.done':
            await store.addThreadItem(thread.id, event.item, context)
            pending.delete(event.item.id)
            hidden = isHiddenItem(event.item)
            break
          case 'thread.item.removed':
            await store.deleteThreadItem(thread.id, event.item_id, context)
            pending.delete(event.item_id)
            break
          case 'thread.item.replaced':
            await store.saveItem(thread.id, event.item, context)
            pending.delete(event.item.id)
            hidden = isHiddenItem(event.item)
            break
          case 'thread.item.updated': {
            const item = pending.get(event.item_id)
            if (item) applyItemUpdate(item, event.update)
            break
          }
          case 'thread.updated':
            // The app announced new thread fields: take them, so they are saved below.
            if (event.thread.id === thread.id) {
              thread.title = event.thread.title
              thread.status = event.thread.status
              thread.allowed_image_domains = event.thread.allowed_image_domains
            }
            hidden = true
            break
        }
        if (!hidden) yield toWireEvent(event)
        if (threadChanged()) yield* threadUpdated()
      }
      settled = true
    } catch (error) {
      if (error !== ABORTED) {
        settled = true
        if (!(error instanceof StreamError || error instanceof CustomStreamError)) onError(error, { type })
        yield errorEvent(error)
      }
    } finally {
      steps?.release()
      // Whenever the app's iterable did not finish by itself (cancelled, or a store write failed
      // mid-stream), close it without waiting for a model call to notice: its `finally` runs
      // and an agent run stops, instead of going on unread.
      if (!exhausted) closeQuietly(iterator)
      if (!settled) {
        // Cancelled: keep what was streamed.
        const pendingItems = [...pending.values()]
        const saveDefault = () => saveCancelled(thread, pendingItems, context)
        if (options.handleStreamCancelled)
          await options.handleStreamCancelled(thread, pendingItems, context, saveDefault)
        else await saveDefault()
      }
    }
    if (threadChanged()) yield* threadUpdated()
  }

  async function userMessage(
    input: UserMessageInput,
    thread: ThreadMetadata,
    context: TContext,
  ): Promise<UserMessageItem> {
    const attachments = await Promise.all(
      input.attachments.map(async (id, index) => ({
        ...(await found(store.loadAttachment(id, context), `params.input.attachments.${index}`)),
        thread_id: thread.id,
      })),
    )
    return {
      type: 'user_message',
      id: store.generateItemId('message', thread, context),
      thread_id: thread.id,
      created_at: now(),
      content: input.content,
      attachments,
      quoted_text: input.quoted_text,
      inference_options: input.inference_options,
    }
  }

  /** Saves the user message and its attachments, then streams the answer. */
  async function* respondTo(
    thread: ThreadMetadata,
    item: UserMessageItem,
    context: TContext,
    signal: AbortSignal,
    request: StreamingRequest,
  ): AsyncGenerator<ThreadStreamEvent> {
    for (const attachment of item.attachments) await store.saveAttachment(attachment, context)
    await store.addThreadItem(thread.id, item, context)
    yield { type: 'thread.item.done', item: toWireItem(item) }
    yield* processEvents(
      thread,
      context,
      () => options.respond(thread, item, context, respondOptions(thread, context, signal, request.metadata)),
      signal,
      request.type,
    )
  }

  async function loadSender(threadId: string, itemId: string | null | undefined, context: TContext) {
    if (!itemId) return null
    return found(store.loadItem(threadId, itemId, context), 'params.item_id')
  }

  /**
   * Loads and checks what a streaming request needs (so a missing thread answers 404 before
   * any byte is streamed), and returns the events to stream.
   */
  async function prepareStream(
    request: StreamingRequest,
    context: TContext,
  ): Promise<(signal: AbortSignal) => AsyncGenerator<ThreadStreamEvent>> {
    const respond = (thread: ThreadMetadata, input: UserMessageItem | null, signal: AbortSignal) => () =>
      options.respond(thread, input, context, respondOptions(thread, context, signal, request.metadata))
    switch (request.type) {
      case 'threads.create': {
        const thread: ThreadMetadata = {
          id: store.generateThreadId(context),
          created_at: now(),
          status: { type: 'active' },
          metadata: {},
        }
        const item = await userMessage(request.params.input, thread, context)
        return async function* (signal) {
          await store.saveThread(thread, context)
          yield { type: 'thread.created', thread: toWireThread(thread) }
          yield* respondTo(thread, item, context, signal, request)
        }
      }
      case 'threads.add_user_message': {
        const thread = await found(store.loadThread(request.params.thread_id, context), 'params.thread_id')
        const item = await userMessage(request.params.input, thread, context)
        return (signal) => respondTo(thread, item, context, signal, request)
      }
      case 'threads.add_client_tool_output': {
        const thread = await found(store.loadThread(request.params.thread_id, context), 'params.thread_id')
        const last = await store.loadThreadItems(thread.id, { after: null, limit: 1, order: 'desc' }, context)
        const call = last.data.find((item) => item.type === 'client_tool_call' && item.status === 'pending')
        if (call?.type !== 'client_tool_call')
          throw conflict('params.thread_id', "the thread's last item is not a pending client tool call")
        const { result } = request.params
        return async function* (signal) {
          await store.saveItem(thread.id, { ...call, output: result, status: 'completed' }, context)
          // Any other pending call can no longer be answered: drop it, as chatkit-python does.
          const recent = await store.loadThreadItems(
            thread.id,
            { after: null, limit: DEFAULT_PAGE_SIZE, order: 'desc' },
            context,
          )
          for (const item of recent.data)
            if (item.type === 'client_tool_call' && item.status === 'pending')
              await store.deleteThreadItem(thread.id, item.id, context)
          yield* processEvents(thread, context, respond(thread, null, signal), signal, request.type)
        }
      }
      case 'threads.add_structured_input': {
        const { thread_id, item_id, input } = request.params
        const thread = await found(store.loadThread(thread_id, context), 'params.thread_id')
        const item = await found(store.loadItem(thread_id, item_id, context), 'params.item_id')
        if (item.type !== 'structured_input')
          throw conflict('params.item_id', 'the item is not a structured input')
        if (item.status !== 'pending') throw conflict('params.item_id', 'the structured input is not pending')
        const answered: StructuredInputItem = {
          ...item,
          status: input.status,
          inputs: item.inputs.map((question) => {
            const answer = Object.hasOwn(input.answers, question.id) ? input.answers[question.id] : undefined
            if (input.status === 'skipped' || !answer || answer.skipped || answer.values.length === 0)
              return { ...question, answer: { values: [], skipped: true } }
            const values =
              question.type === 'multiple_choice' && !question.multiple
                ? answer.values.slice(0, 1)
                : answer.values
            return { ...question, answer: { values, skipped: false } }
          }),
        }
        return (signal) =>
          processEvents(
            thread,
            context,
            async function* () {
              yield { type: 'thread.item.replaced', item: answered }
              yield* respond(thread, null, signal)()
            },
            signal,
            request.type,
          )
      }
      case 'threads.retry_after_item': {
        const { thread_id, item_id } = request.params
        const thread = await found(store.loadThread(thread_id, context), 'params.thread_id')
        const newer: ThreadItem[] = []
        let target: ThreadItem | undefined
        let after: string | null = null
        search: for (;;) {
          const page = await store.loadThreadItems(
            thread_id,
            { after, limit: DEFAULT_PAGE_SIZE, order: 'desc' },
            context,
          )
          for (const item of page.data) {
            if (item.id === item_id) {
              target = item
              break search
            }
            newer.push(item)
          }
          if (!page.has_more || page.after === null) break
          after = page.after
        }
        if (!target)
          throw new Refusal(404, {
            code: 'not_found',
            message: 'params.item_id: not found',
            path: 'params.item_id',
          })
        if (target.type !== 'user_message') throw conflict('params.item_id', 'the item is not a user message')
        const input = target
        return async function* (signal) {
          for (const item of newer) await store.deleteThreadItem(thread_id, item.id, context)
          yield* processEvents(thread, context, respond(thread, input, signal), signal, request.type)
        }
      }
      case 'threads.custom_action': {
        const { action } = options
        if (!action) throw notSupported(request.type, 'action')
        const thread = await found(store.loadThread(request.params.thread_id, context), 'params.thread_id')
        const sender = await loadSender(thread.id, request.params.item_id, context)
        if (sender && sender.type !== 'widget')
          // Python answers a sender that is not a widget with a bare error event.
          return async function* () {
            yield { type: 'error', code: 'stream.error', allow_retry: false }
          }
        return (signal) =>
          processEvents(
            thread,
            context,
            () =>
              action(
                thread,
                request.params.action,
                sender,
                context,
                respondOptions(thread, context, signal, request.metadata),
              ),
            signal,
            request.type,
          )
      }
    }
  }

  async function answerJson(request: JsonRequest, context: TContext): Promise<unknown> {
    switch (request.type) {
      case 'threads.get_by_id': {
        const thread = await found(store.loadThread(request.params.thread_id, context), 'params.thread_id')
        const items = await store.loadThreadItems(
          thread.id,
          { after: null, limit: DEFAULT_PAGE_SIZE, order: 'asc' },
          context,
        )
        return toWireThread(thread, { ...items, data: items.data.filter((item) => !isHiddenItem(item)) })
      }
      case 'threads.list': {
        const { limit, after, order } = request.params
        // A store may refuse a cursor that names no record (chatkit-python's own test store does).
        const page = await found(
          store.loadThreads({ limit: limit || DEFAULT_PAGE_SIZE, after: after ?? null, order }, context),
          'params.after',
        )
        return { ...page, data: page.data.map((thread) => toWireThread(thread)) }
      }
      case 'items.list': {
        const { thread_id, limit, after, order } = request.params
        await found(store.loadThread(thread_id, context), 'params.thread_id')
        const page = await found(
          store.loadThreadItems(
            thread_id,
            { limit: limit || DEFAULT_PAGE_SIZE, after: after ?? null, order },
            context,
          ),
          'params.after',
        )
        return { ...page, data: page.data.filter((item) => !isHiddenItem(item)).map(toWireItem) }
      }
      case 'items.feedback': {
        const { thread_id, item_ids, kind } = request.params
        if (options.addFeedback) {
          await found(store.loadThread(thread_id, context), 'params.thread_id')
          // Only the thread's own items: an id from elsewhere (another user's) is not passed on.
          const own = await Promise.all(
            item_ids.map((itemId) =>
              store.loadItem(thread_id, itemId, context).then(
                () => itemId,
                (error: unknown) => {
                  if (error instanceof NotFoundError) return undefined
                  throw error
                },
              ),
            ),
          )
          await options.addFeedback(
            thread_id,
            own.filter((itemId) => itemId !== undefined),
            kind,
            context,
          )
        }
        return {}
      }
      case 'attachments.create': {
        const create = options.attachmentStore?.createAttachment
        if (!create) throw notSupported(request.type, 'attachmentStore with createAttachment')
        const attachment = await create.call(options.attachmentStore, request.params, context)
        await store.saveAttachment(attachment, context)
        return toWireAttachment(attachment)
      }
      case 'attachments.delete': {
        const { attachmentStore } = options
        if (!attachmentStore) throw notSupported(request.type, 'attachmentStore')
        const { attachment_id } = request.params
        // Another user's attachment reads as missing before the app's files are touched.
        await found(store.loadAttachment(attachment_id, context), 'params.attachment_id')
        await attachmentStore.deleteAttachment(attachment_id, context)
        await store.deleteAttachment(attachment_id, context)
        return {}
      }
      case 'threads.update': {
        const thread = await found(store.loadThread(request.params.thread_id, context), 'params.thread_id')
        thread.title = request.params.title
        await store.saveThread(thread, context)
        return toWireThread(thread)
      }
      case 'threads.delete': {
        await found(store.loadThread(request.params.thread_id, context), 'params.thread_id')
        await store.deleteThread(request.params.thread_id, context)
        return {}
      }
      case 'input.transcribe': {
        if (!options.transcribe) throw notSupported(request.type, 'transcribe')
        const { audio_base64, mime_type } = request.params
        const data = Uint8Array.from(atob(audio_base64), (char) => char.charCodeAt(0))
        const media_type = (mime_type.split(';', 1)[0] ?? '').trim()
        return options.transcribe({ data, mime_type, media_type }, context)
      }
      case 'threads.sync_custom_action': {
        const { syncAction } = options
        if (!syncAction) throw notSupported(request.type, 'syncAction')
        const thread = await found(store.loadThread(request.params.thread_id, context), 'params.thread_id')
        const sender = await loadSender(thread.id, request.params.item_id, context)
        if (sender && sender.type !== 'widget') throw conflict('params.item_id', 'the item is not a widget')
        const response = await syncAction(thread, request.params.action, sender, context)
        const item = response.updated_item
        return item && !isHiddenItem(item) ? { updated_item: toWireItem(item) } : {}
      }
    }
  }

  return {
    async process(
      body: unknown,
      context: TContext,
      processOptions: ProcessOptions = {},
    ): Promise<ChatKitResult> {
      const parsed = parseChatKitRequest(body)
      if (!parsed.ok) return { type: 'error', status: 400, error: parsed.error }
      const { request } = parsed
      try {
        if (!isStreamingRequest(request))
          return { type: 'json', body: toWireJson(await answerJson(request, context)) }
        const events = await prepareStream(request, context)
        return {
          type: 'stream',
          stream: eventStream(events, processOptions.signal, (error) =>
            onError(error, { type: request.type }),
          ),
        }
      } catch (error) {
        if (error instanceof Refusal) return { type: 'error', status: error.status, error: error.error }
        throw error
      }
    },
  }
}
