import type { AttachmentStore } from './attachmentStore.ts'
import type { ChatKitRequestType } from './chatKitRequest.ts'
import type { StreamOptions, ThreadStreamEvent } from './events.ts'
import type { Store, StoreItemType } from './store.ts'
import type { z } from 'zod'
import type {
  Action,
  SyncCustomActionResponse,
  ThreadItem,
  ThreadMetadata,
  TranscriptionResult,
  UserMessageItem,
  WidgetItem,
} from './types.ts'

// The options of createChatKitServer and what its hooks receive: shared by the server and the
// files that answer each request family (src/server/).

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
   * Typed handlers of widget actions, by action type, each with a zod schema of its payload (see
   * `widgetAction`). A payload that fails its schema is refused with 400 naming the field. An
   * action type not in here goes to `action` / `syncAction` when given, else is refused with 400.
   * @default undefined (every action goes to `action` / `syncAction`)
   */
  actions?: Record<string, WidgetActionHandler<TContext, unknown>>
  /**
   * Streams the answer to a widget or client action (`threads.custom_action`) that `actions`
   * does not handle. `sender` is the widget item the action came from, if any.
   * @default undefined (`threads.custom_action` answers 501 `not_supported`, or 400 with `actions`)
   */
  action?: (
    thread: ThreadMetadata,
    action: Action,
    sender: WidgetItem | null,
    context: TContext,
    options: RespondOptions,
  ) => AsyncIterable<ThreadStreamEvent>
  /**
   * Answers an action that `actions` does not handle with at most one updated item
   * (`threads.sync_custom_action`).
   * @default undefined (`threads.sync_custom_action` answers 501 `not_supported`, or 400 with `actions`)
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

/** What a {@link WidgetActionHandler} receives: the action with its payload checked. */
export interface WidgetActionArgs<TContext, TPayload> {
  thread: ThreadMetadata
  /** The action's type and its payload, as the handler's `payload` schema parsed it. */
  action: { type: string; payload: TPayload }
  /** The widget item that sent the action, or `null` when the client named none. */
  sender: WidgetItem | null
  context: TContext
}

/**
 * One action type's handler, for `createChatKitServer({ actions })`. ChatKit sends a widget's
 * action as `threads.custom_action` (streamed) or, with `streaming: false`, as
 * `threads.sync_custom_action`; give `stream`, `sync`, or both.
 */
export interface WidgetActionHandler<TContext, TPayload> {
  /**
   * The schema of `action.payload` (zod 4). A payload that fails it is refused with a 400 whose
   * `path` names the field (`params.action.payload.city`), before any handler runs; its value is
   * never echoed. Use `z.undefined()` for an action without a payload.
   */
  payload: z.ZodType<TPayload>
  /**
   * Streams the answer to `threads.custom_action`: new items, or a `thread.item.replaced` of the
   * sender to update the widget in place.
   * @default undefined (a streamed request runs `sync` and streams its `updated_item` as
   * `thread.item.replaced`; without `sync` either, it is refused with 400)
   */
  stream?(
    args: WidgetActionArgs<TContext, TPayload>,
    options: RespondOptions,
  ): AsyncIterable<ThreadStreamEvent>
  /**
   * Answers `threads.sync_custom_action` with at most one updated item (usually the sender with a
   * new widget).
   * @default undefined (a sync request for this type is refused with 400)
   */
  sync?(args: WidgetActionArgs<TContext, TPayload>): Promise<SyncCustomActionResponse>
}
