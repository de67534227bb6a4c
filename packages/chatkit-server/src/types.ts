// The protocol's data types as they travel on the wire, written from chatkit-python 1.6.5
// (`chatkit/types.py`, commit dacc133). Field names are the wire names; timestamps are ISO 8601
// strings. Optional fields may hold `null`: the server leaves null fields out when it serialises.

/** A page of records, as every list answers: `{ data, has_more, after }`. */
export interface Page<T> {
  data: T[]
  has_more: boolean
  /** The cursor to pass as `after` for the next page; `null` (left out on the wire) when there is none. */
  after: string | null
}

/** A thread's lifecycle state. */
export type ThreadStatus =
  { type: 'active' } | { type: 'locked'; reason?: string | null } | { type: 'closed'; reason?: string | null }

/** A thread without its items, as a store keeps it. */
export interface ThreadMetadata {
  id: string
  title?: string | null
  /** ISO 8601. */
  created_at: string
  status: ThreadStatus
  allowed_image_domains?: string[] | null
  /** Server-side only: stored, never sent to the browser. */
  metadata?: Record<string, unknown>
}

/** A thread as the browser receives it: no `metadata`, with a first page of items. */
export interface Thread {
  id: string
  title?: string | null
  created_at: string
  status: ThreadStatus
  allowed_image_domains?: string[] | null
  items: Page<ThreadItem>
}

/** Fields every thread item has. */
export interface ThreadItemBase {
  id: string
  thread_id: string
  /** ISO 8601. */
  created_at: string
}

// ---- sources and annotations

/** Fields every source has. */
export interface SourceBase {
  title: string
  description?: string | null
  timestamp?: string | null
  group?: string | null
}

/** A source that is a file. */
export interface FileSource extends SourceBase {
  type: 'file'
  filename: string
}

/** A source that is a web page. */
export interface URLSource extends SourceBase {
  type: 'url'
  url: string
  attribution?: string | null
}

/** A source that is an entity of the app (a record, a person...). */
export interface EntitySource extends SourceBase {
  type: 'entity'
  id: string
  icon?: string | null
  label?: string | null
  inline_label?: string | null
  interactive?: boolean
  data?: Record<string, unknown>
}

/** Any source. */
export type Source = URLSource | FileSource | EntitySource

/** A reference from assistant text to a source. */
export interface Annotation {
  type: 'annotation'
  source: Source
  index?: number | null
}

// ---- messages

/** One part of an assistant message: text and its annotations. */
export interface AssistantMessageContent {
  type: 'output_text'
  text: string
  annotations: Annotation[]
}

/** Plain text the user typed. */
export interface UserMessageTextContent {
  type: 'input_text'
  text: string
}

/** A tag the user inserted (an @-mention and the like). */
export interface UserMessageTagContent {
  type: 'input_tag'
  id: string
  text: string
  data: Record<string, unknown>
  group?: string | null
  interactive?: boolean
}

/** One part of a user message. */
export type UserMessageContent = UserMessageTextContent | UserMessageTagContent

/** The model and tool the user picked in the composer. */
export interface InferenceOptions {
  tool_choice?: { id: string } | null
  model?: string | null
}

/** What the composer sends: content, attachment ids, a quote, inference options. */
export interface UserMessageInput {
  content: UserMessageContent[]
  /** Ids of attachments created earlier with `attachments.create`. */
  attachments: string[]
  quoted_text?: string | null
  inference_options: InferenceOptions
}

// ---- attachments

/** Where and how the browser uploads a file in a two-phase upload. */
export interface AttachmentUploadDescriptor {
  url: string
  method: 'POST' | 'PUT'
  headers?: Record<string, string>
}

/** Fields every attachment has. */
export interface AttachmentBase {
  id: string
  name: string
  mime_type: string
  /** Set for a two-phase upload until the upload is done. */
  upload_descriptor?: AttachmentUploadDescriptor | null
  /** Set once a user message that carries the attachment is saved. */
  thread_id?: string | null
  /** Server-side only: stored, never sent to the browser. */
  metadata?: Record<string, unknown> | null
}

/** A file attachment. */
export interface FileAttachment extends AttachmentBase {
  type: 'file'
}

/** An image attachment, with a URL the browser can show. */
export interface ImageAttachment extends AttachmentBase {
  type: 'image'
  preview_url: string
}

/** Any attachment. */
export type Attachment = FileAttachment | ImageAttachment

// ---- workflows and tasks

/** Fields every task has. */
export interface TaskBase {
  /** @default 'none' */
  status_indicator?: 'none' | 'loading' | 'complete'
}

/** A task with free content. */
export interface CustomTask extends TaskBase {
  type: 'custom'
  title?: string | null
  icon?: string | null
  content?: string | null
}

/** A web search. */
export interface SearchTask extends TaskBase {
  type: 'web_search'
  title?: string | null
  title_query?: string | null
  queries?: string[]
  sources?: URLSource[]
}

/** A step of the assistant's reasoning. */
export interface ThoughtTask extends TaskBase {
  type: 'thought'
  title?: string | null
  content: string
}

/** A task over files. */
export interface FileTask extends TaskBase {
  type: 'file'
  title?: string | null
  sources?: FileSource[]
}

/** A task that renders an image. */
export interface ImageTask extends TaskBase {
  type: 'image'
  title?: string | null
}

/** Any task. */
export type Task = CustomTask | SearchTask | ThoughtTask | FileTask | ImageTask

/** A workflow's summary: a title, or how long it took. */
export type WorkflowSummary = { title: string; icon?: string | null } | { duration: number }

/** A sequence of tasks shown as one block. */
export interface Workflow {
  type: 'custom' | 'reasoning'
  tasks: Task[]
  summary?: WorkflowSummary | null
  /** @default false */
  expanded?: boolean
}

// ---- structured input

/** An answer to one structured input question. */
export interface StructuredInputAnswer {
  values?: string[]
  skipped?: boolean
}

/** A question answered by picking options. */
export interface StructuredInputMultipleChoice {
  type: 'multiple_choice'
  id: string
  question: string
  answer?: StructuredInputAnswer | null
  options: { value: string }[]
  /** @default false */
  multiple?: boolean
}

/** A question answered with free text. */
export interface StructuredInputFreeform {
  type: 'freeform'
  id: string
  question: string
  answer?: StructuredInputAnswer | null
  description?: string | null
}

/** Any structured input question. */
export type StructuredInput = StructuredInputMultipleChoice | StructuredInputFreeform

// ---- widgets and actions

/**
 * A widget tree as ChatKit renders it. Kept loose: a JSON object with a `type` (`Card`,
 * `ListView`, ...) and the component's own fields, so that stored widgets and widgets built from
 * templates fit. The typed components (`Card`, `Widget`...) are in
 * `@chatkit-session/chatkit-server/widgets`; each of them fits here.
 */
export interface WidgetRoot {
  type: string
  [field: string]: unknown
}

/** One component of a widget tree (loose, like {@link WidgetRoot}). */
export type WidgetComponent = WidgetRoot

/** An action a widget or the client dispatched: its type and payload. */
export interface Action {
  type: string
  payload?: unknown
}

// ---- items

/** A message the user sent. */
export interface UserMessageItem extends ThreadItemBase {
  type: 'user_message'
  content: UserMessageContent[]
  attachments: Attachment[]
  quoted_text?: string | null
  inference_options: InferenceOptions
}

/** A message of the assistant. */
export interface AssistantMessageItem extends ThreadItemBase {
  type: 'assistant_message'
  content: AssistantMessageContent[]
}

/** A tool the browser runs; the server waits for its output (`threads.add_client_tool_output`). */
export interface ClientToolCallItem extends ThreadItemBase {
  type: 'client_tool_call'
  /** @default 'pending' */
  status: 'pending' | 'completed'
  call_id: string
  name: string
  arguments: Record<string, unknown>
  output?: unknown
}

/** A widget in the thread. */
export interface WidgetItem extends ThreadItemBase {
  type: 'widget'
  widget: WidgetRoot
  copy_text?: string | null
}

/** An image the assistant generated. */
export interface GeneratedImage {
  id: string
  url: string
}

/** An image the assistant generates, possibly still in progress. */
export interface GeneratedImageItem extends ThreadItemBase {
  type: 'generated_image'
  image?: GeneratedImage | null
}

/** Questions the user answers with `threads.add_structured_input`. */
export interface StructuredInputItem extends ThreadItemBase {
  type: 'structured_input'
  /** @default 'pending' */
  status: 'pending' | 'answered' | 'skipped'
  inputs: StructuredInput[]
}

/** A workflow in the thread. */
export interface WorkflowItem extends ThreadItemBase {
  type: 'workflow'
  workflow: Workflow
}

/** A single task in the thread. */
export interface TaskItem extends ThreadItemBase {
  type: 'task'
  task: Task
}

/** Marks the end of the assistant's turn. */
export interface EndOfTurnItem extends ThreadItemBase {
  type: 'end_of_turn'
}

/** Context the app keeps in the thread for itself. Stored; never sent to the browser. */
export interface HiddenContextItem extends ThreadItemBase {
  type: 'hidden_context_item'
  content: unknown
}

/** Context the server keeps for itself (for example "the user cancelled"). Never sent to the browser. */
export interface SDKHiddenContextItem extends ThreadItemBase {
  type: 'sdk_hidden_context'
  content: string
}

/** Any thread item. */
export type ThreadItem =
  | UserMessageItem
  | AssistantMessageItem
  | ClientToolCallItem
  | WidgetItem
  | GeneratedImageItem
  | StructuredInputItem
  | WorkflowItem
  | TaskItem
  | HiddenContextItem
  | SDKHiddenContextItem
  | EndOfTurnItem

/** The item types that never leave the server. */
export const HIDDEN_ITEM_TYPES: readonly ThreadItem['type'][] = ['hidden_context_item', 'sdk_hidden_context']

/** Whether an item stays on the server (hidden context). */
export function isHiddenItem(item: ThreadItem): item is HiddenContextItem | SDKHiddenContextItem {
  return HIDDEN_ITEM_TYPES.includes(item.type)
}

/** What a transcription answers. */
export interface TranscriptionResult {
  text: string
}

/** What a sync custom action answers: the item it changed, if any. */
export interface SyncCustomActionResponse {
  updated_item?: ThreadItem | null
}

/** Sentiment of `items.feedback`. */
export type FeedbackKind = 'positive' | 'negative'
