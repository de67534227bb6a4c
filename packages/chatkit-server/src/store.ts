import type { Attachment, Page, ThreadItem, ThreadMetadata } from './types.ts'

/** What an id is for; it picks the id's prefix (`thr_`, `msg_`, ...). */
export type StoreItemType =
  'thread' | 'message' | 'tool_call' | 'task' | 'workflow' | 'attachment' | 'sdk_hidden_context'

/** Which end a list starts from. */
export type SortOrder = 'asc' | 'desc'

/** Where a page starts and how long it is. */
export interface PageRequest {
  /** The id of the last record of the previous page; `null` for the first page. */
  after: string | null
  /** At most this many records. */
  limit: number
  order: SortOrder
}

/**
 * Thrown by a store when a thread, item or attachment does not exist **for this context**. A
 * record that belongs to another user must read exactly like one that does not exist.
 */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError'
}

/**
 * Thrown by a store given a context it cannot scope to one user (the default reads a string
 * `userId`; a store's `owner(context)` option says otherwise). Every store refuses such a context
 * rather than putting every user in one shared scope. The message never shows the context.
 */
export class MissingOwnerError extends TypeError {
  override readonly name = 'MissingOwnerError'
  /** Always `'no_owner'`, for checks that read a code. */
  readonly code = 'no_owner'
}

/**
 * The key a store scopes a context by: `owner(context)`, or by default the context's `userId`.
 * Anything but a non-empty string is a {@link MissingOwnerError} naming `store`: every store
 * (threads and attachment files alike) refuses such a context the same way.
 */
export function ownerKey<TContext>(
  owner: ((context: TContext) => string) | undefined,
  context: TContext,
  store: string,
): string {
  if (owner) {
    const key = owner(context)
    if (typeof key === 'string' && key !== '') return key
    throw new MissingOwnerError(`${store}: owner(context) gave no owner key`)
  }
  const userId = typeof context === 'object' && context !== null ? Reflect.get(context, 'userId') : undefined
  if (typeof userId === 'string' && userId !== '') return userId
  throw new MissingOwnerError(
    `${store}: the context has no string userId; pass owner(context) to say whose records these are`,
  )
}

/**
 * Where threads, items and attachments live. Every call carries the app's context (the user
 * the request was authenticated as): a store scopes every read and write to it.
 *
 * Loads of something that is not there for this context throw {@link NotFoundError}.
 */
export interface Store<TContext> {
  /** A new thread id. */
  generateThreadId(context: TContext): string
  /** A new item id for a thread. */
  generateItemId(type: StoreItemType, thread: ThreadMetadata, context: TContext): string
  /** A new attachment id. */
  generateAttachmentId(mimeType: string, context: TContext): string

  loadThread(threadId: string, context: TContext): Promise<ThreadMetadata>
  /** Creates or replaces the thread's metadata. */
  saveThread(thread: ThreadMetadata, context: TContext): Promise<void>
  /** Threads ordered by `(created_at, id)`, `after` being a thread id. */
  loadThreads(page: PageRequest, context: TContext): Promise<Page<ThreadMetadata>>
  /** Deletes the thread and its items. */
  deleteThread(threadId: string, context: TContext): Promise<void>

  /**
   * A thread's items ordered by `(created_at, id)`, `after` being an item id. A thread that is
   * not there for this context (missing, or another user's) gives an empty page, as
   * chatkit-python's store test expects.
   */
  loadThreadItems(threadId: string, page: PageRequest, context: TContext): Promise<Page<ThreadItem>>
  /** Adds a new item to a thread. */
  addThreadItem(threadId: string, item: ThreadItem, context: TContext): Promise<void>
  /** Creates or replaces an item by id. */
  saveItem(threadId: string, item: ThreadItem, context: TContext): Promise<void>
  loadItem(threadId: string, itemId: string, context: TContext): Promise<ThreadItem>
  deleteThreadItem(threadId: string, itemId: string, context: TContext): Promise<void>

  /** Creates or replaces an attachment's metadata. */
  saveAttachment(attachment: Attachment, context: TContext): Promise<void>
  loadAttachment(attachmentId: string, context: TContext): Promise<Attachment>
  deleteAttachment(attachmentId: string, context: TContext): Promise<void>
}

const PREFIXES: Record<StoreItemType, string> = {
  thread: 'thr',
  message: 'msg',
  tool_call: 'tc',
  task: 'tsk',
  workflow: 'wf',
  attachment: 'atc',
  sdk_hidden_context: 'shcx',
}

/** A new random id with the type's prefix, as `thr_9f86d081884c7d65`. */
export function generateId(type: StoreItemType): string {
  return `${PREFIXES[type]}_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`
}
