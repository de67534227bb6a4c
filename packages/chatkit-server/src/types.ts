// The protocol's data types, as chatkit-python 1.6.5 puts them on the wire (`chatkit/types.py`).
// Field names are the wire names. Timestamps are ISO 8601 strings.
//
// SKELETON: only what the Store contract needs. The protocol work replaces this file with the
// full request, item, event and attachment types (and their zod schemas), keeping these names.

/** A page of records, as every list answers: `{ data, has_more, after }`. */
export interface Page<T> {
  data: T[]
  has_more: boolean
  /** The cursor to pass as `after` for the next page; `null` (left out on the wire) at the end. */
  after: string | null
}

/** A thread's lifecycle state. */
export type ThreadStatus =
  { type: 'active' } | { type: 'locked'; reason?: string | null } | { type: 'closed'; reason?: string | null }

/** A thread without its items. */
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

/** Fields every thread item has. */
export interface ThreadItemBase {
  id: string
  thread_id: string
  /** ISO 8601. */
  created_at: string
}

/** Any thread item. The full union replaces this. */
export interface ThreadItem extends ThreadItemBase {
  type: string
  [field: string]: unknown
}

/** An attachment's metadata. The full union replaces this. */
export interface Attachment {
  id: string
  type: 'file' | 'image'
  name: string
  mime_type: string
  thread_id?: string | null
  [field: string]: unknown
}
