// Stream events and item updates, as chatkit-python 1.6.5 names them (`chatkit/types.py`).
// An app's `respond` yields these as plain objects; the server writes each as one SSE frame.
import type {
  Annotation,
  AssistantMessageContent,
  GeneratedImage,
  Task,
  Thread,
  ThreadItem,
  WidgetComponent,
  WidgetRoot,
} from './types.ts'

/** New assistant content at `content_index`. */
export interface AssistantMessageContentPartAdded {
  type: 'assistant_message.content_part.added'
  content_index: number
  content: AssistantMessageContent
}

/** More text for the content part at `content_index`. */
export interface AssistantMessageContentPartTextDelta {
  type: 'assistant_message.content_part.text_delta'
  content_index: number
  delta: string
}

/** An annotation for the content part at `content_index`. */
export interface AssistantMessageContentPartAnnotationAdded {
  type: 'assistant_message.content_part.annotation_added'
  content_index: number
  annotation_index: number
  annotation: Annotation
}

/** The content part at `content_index` in its final form. */
export interface AssistantMessageContentPartDone {
  type: 'assistant_message.content_part.done'
  content_index: number
  content: AssistantMessageContent
}

/** More text for a streaming `Text` or `Markdown` widget component. */
export interface WidgetStreamingTextValueDelta {
  type: 'widget.streaming_text.value_delta'
  component_id: string
  delta: string
  done: boolean
}

/** A whole new widget tree. */
export interface WidgetRootUpdated {
  type: 'widget.root.updated'
  widget: WidgetRoot
}

/** One widget component replaced. */
export interface WidgetComponentUpdated {
  type: 'widget.component.updated'
  component_id: string
  component: WidgetComponent
}

/** A task appended to a workflow. */
export interface WorkflowTaskAdded {
  type: 'workflow.task.added'
  task_index: number
  task: Task
}

/** A workflow's task at `task_index` replaced. */
export interface WorkflowTaskUpdated {
  type: 'workflow.task.updated'
  task_index: number
  task: Task
}

/** A generated image's new state. */
export interface GeneratedImageUpdated {
  type: 'generated_image.updated'
  image: GeneratedImage
  progress?: number | null
}

/** Any update to an item that is still streaming. */
export type ThreadItemUpdate =
  | AssistantMessageContentPartAdded
  | AssistantMessageContentPartTextDelta
  | AssistantMessageContentPartAnnotationAdded
  | AssistantMessageContentPartDone
  | WidgetStreamingTextValueDelta
  | WidgetComponentUpdated
  | WidgetRootUpdated
  | WorkflowTaskAdded
  | WorkflowTaskUpdated
  | GeneratedImageUpdated

/** A thread was created (the server emits it for `threads.create`). */
export interface ThreadCreatedEvent {
  type: 'thread.created'
  thread: Thread
}

/** The thread's title, status or image domains changed. */
export interface ThreadUpdatedEvent {
  type: 'thread.updated'
  thread: Thread
}

/** An item started streaming; it is saved when its `thread.item.done` comes. */
export interface ThreadItemAddedEvent {
  type: 'thread.item.added'
  item: ThreadItem
}

/** An update to a streaming item. */
export interface ThreadItemUpdatedEvent {
  type: 'thread.item.updated'
  item_id: string
  update: ThreadItemUpdate
}

/** An item is complete: the server saves it. */
export interface ThreadItemDoneEvent {
  type: 'thread.item.done'
  item: ThreadItem
}

/** An item is gone: the server deletes it. */
export interface ThreadItemRemovedEvent {
  type: 'thread.item.removed'
  item_id: string
}

/** An item was replaced by a new version: the server saves it. */
export interface ThreadItemReplacedEvent {
  type: 'thread.item.replaced'
  item: ThreadItem
}

/** Settings for this stream. */
export interface StreamOptions {
  /** Whether the browser may cancel the stream. */
  allow_cancel: boolean
}

/** The stream's settings, sent before the app's own events. */
export interface StreamOptionsEvent {
  type: 'stream_options'
  stream_options: StreamOptions
}

/** A progress line ("Searching...") shown while the assistant works. */
export interface ProgressUpdateEvent {
  type: 'progress_update'
  icon?: string | null
  text: string
}

/** Asks the browser to run a side effect of this name (its `onEffect`). */
export interface ClientEffectEvent {
  type: 'client_effect'
  name: string
  data?: Record<string, unknown>
}

/**
 * The response failed. `code` is `stream.error` (ChatKit shows its own message) or `custom`
 * (ChatKit shows `message`).
 */
export interface ErrorEvent {
  type: 'error'
  code: string
  message?: string | null
  allow_retry: boolean
}

/** A notice shown to the user (Markdown). */
export interface NoticeEvent {
  type: 'notice'
  level: 'info' | 'warning' | 'danger'
  message: string
  title?: string | null
}

/** Any event of a stream. */
export type ThreadStreamEvent =
  | ThreadCreatedEvent
  | ThreadUpdatedEvent
  | ThreadItemDoneEvent
  | ThreadItemAddedEvent
  | ThreadItemUpdatedEvent
  | ThreadItemRemovedEvent
  | ThreadItemReplacedEvent
  | StreamOptionsEvent
  | ProgressUpdateEvent
  | ClientEffectEvent
  | ErrorEvent
  | NoticeEvent
