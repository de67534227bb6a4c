import {
  NotFoundError,
  generateId,
  ownerKey,
  type PageRequest,
  type Store,
  type StoreItemType,
} from './store.ts'
import type { Attachment, Page, ThreadItem, ThreadMetadata } from './types.ts'

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions<TContext> {
  /**
   * The key that scopes every record to one user. A record saved under one key is invisible
   * under another: it reads as {@link NotFoundError}, exactly like a missing one.
   * @default the context's `userId` when it is a non-empty string; any other context (an
   * `undefined` one too) throws a {@link MissingOwnerError}, rather than putting every user in
   * one scope. An `owner` that returns an empty string is refused the same way.
   */
  owner?: (context: TContext) => string
  /**
   * Makes the ids of threads, items and attachments (tests pass a counter).
   * @default generateId (a prefix and 16 random hex digits)
   */
  generateId?: (type: StoreItemType) => string
}

interface OwnerRecords {
  threads: Map<string, ThreadMetadata>
  /** Items by thread id, then by item id. */
  items: Map<string, Map<string, ThreadItem>>
  attachments: Map<string, Attachment>
}

/** Orders records by `(created_at, id)`. */
function compareRecords(
  a: { created_at: string; id: string },
  b: { created_at: string; id: string },
): number {
  const byTime = Date.parse(a.created_at) - Date.parse(b.created_at)
  if (byTime !== 0) return byTime
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/**
 * One page of `records`, ordered by `(created_at, id)`, starting after the record whose id is
 * `page.after`. Records with the same timestamp are told apart by id, so none repeats or is
 * skipped. `after` is the last id when there is a next page, else null. An `after` that names no record (deleted, or never there) gives an empty page.
 */
function paginate<T extends { created_at: string; id: string }>(
  records: Iterable<T>,
  page: PageRequest,
): Page<T> {
  const sorted = [...records].sort(compareRecords)
  if (page.order === 'desc') sorted.reverse()
  let start = 0
  if (page.after !== null) {
    const index = sorted.findIndex((record) => record.id === page.after)
    if (index === -1) return { data: [], has_more: false, after: null }
    start = index + 1
  }
  const data = sorted.slice(start, start + page.limit)
  const hasMore = start + page.limit < sorted.length
  return {
    data: data.map((record) => structuredClone(record)),
    has_more: hasMore,
    // Only a page with more after it names a cursor: the last id may be a hidden item's.
    after: hasMore ? (data.at(-1)?.id ?? null) : null,
  }
}

/**
 * A {@link Store} in this process's memory, for tests, examples and one-process demos. Records
 * are copied in and out (a caller's later change to an object does not reach the store), scoped
 * per owner key, and gone when the process ends. Nothing bounds its size: each thread and item
 * stays until deleted (`pnpm bench` prints its memory per 1,000 threads). For more than one
 * process, use a PostgreSQL store.
 */
export function createMemoryStore<TContext>(options: MemoryStoreOptions<TContext> = {}): Store<TContext> {
  const makeId = options.generateId ?? generateId
  const owners = new Map<string, OwnerRecords>()

  function recordsOf(context: TContext): OwnerRecords {
    const key = ownerKey(options.owner, context, 'createMemoryStore')
    let records = owners.get(key)
    if (!records) {
      records = { threads: new Map(), items: new Map(), attachments: new Map() }
      owners.set(key, records)
    }
    return records
  }

  function itemsOf(threadId: string, context: TContext): Map<string, ThreadItem> {
    const items = recordsOf(context).items.get(threadId)
    if (!items) throw new NotFoundError('thread not found')
    return items
  }

  return {
    generateThreadId: () => makeId('thread'),
    generateItemId: (type) => makeId(type),
    generateAttachmentId: () => makeId('attachment'),

    async loadThread(threadId, context) {
      const thread = recordsOf(context).threads.get(threadId)
      if (!thread) throw new NotFoundError('thread not found')
      return structuredClone(thread)
    },
    async saveThread(thread, context) {
      const records = recordsOf(context)
      records.threads.set(thread.id, structuredClone(thread))
      if (!records.items.has(thread.id)) records.items.set(thread.id, new Map())
    },
    async loadThreads(page, context) {
      return paginate(recordsOf(context).threads.values(), page)
    },
    async deleteThread(threadId, context) {
      const records = recordsOf(context)
      records.threads.delete(threadId)
      records.items.delete(threadId)
    },

    async loadThreadItems(threadId, page, context) {
      return paginate(recordsOf(context).items.get(threadId)?.values() ?? [], page)
    },
    async addThreadItem(threadId, item, context) {
      itemsOf(threadId, context).set(item.id, structuredClone(item))
    },
    async saveItem(threadId, item, context) {
      itemsOf(threadId, context).set(item.id, structuredClone(item))
    },
    async loadItem(threadId, itemId, context) {
      const item = itemsOf(threadId, context).get(itemId)
      if (!item) throw new NotFoundError('item not found')
      return structuredClone(item)
    },
    async deleteThreadItem(threadId, itemId, context) {
      recordsOf(context).items.get(threadId)?.delete(itemId)
    },

    async saveAttachment(attachment, context) {
      recordsOf(context).attachments.set(attachment.id, structuredClone(attachment))
    },
    async loadAttachment(attachmentId, context) {
      const attachment = recordsOf(context).attachments.get(attachmentId)
      if (!attachment) throw new NotFoundError('attachment not found')
      return structuredClone(attachment)
    },
    async deleteAttachment(attachmentId, context) {
      recordsOf(context).attachments.delete(attachmentId)
    },
  }
}
