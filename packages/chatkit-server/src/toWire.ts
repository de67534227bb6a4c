// What leaves the server, shaped as chatkit-python serialises it (pydantic's `exclude_none`,
// `metadata` stripped): null and undefined fields are left out, server-side `metadata` of
// threads and attachments is never sent, fields with a default in Python's models are filled
// in, and hidden items are filtered out before this point.
import type { ThreadStreamEvent } from './events.ts'
import type { Attachment, Page, Thread, ThreadItem, ThreadMetadata } from './types.ts'
import { attachmentDefaults, itemDefaults, updateDefaults } from './wireDefaults.ts'

function dropNull(this: unknown, _key: string, field: unknown): unknown {
  if (field === null && !Array.isArray(this)) return undefined
  return field
}

/** JSON text with every null or undefined object field left out (array entries are kept). */
export function toWireJson(value: unknown): string {
  // Most events hold no null: the plain native stringify says so and is their answer. A
  // replacer calls back into JavaScript for every key, and this runs once per streamed event.
  const plain = JSON.stringify(value) as string | undefined
  if (plain !== undefined && !plain.includes('null')) return plain
  return JSON.stringify(value, dropNull)
}

/** An attachment without its server-side `metadata`, with its defaults. */
export function toWireAttachment(attachment: Attachment): Attachment {
  const { metadata: _metadata, ...rest } = attachmentDefaults(attachment)
  return rest
}

/**
 * An item as the browser receives it: with its defaults, and a user message's attachments
 * without their `metadata`.
 */
export function toWireItem(item: ThreadItem): ThreadItem {
  const full = itemDefaults(item)
  if (full.type !== 'user_message') return full
  return { ...full, attachments: full.attachments.map(toWireAttachment) }
}

/**
 * A thread as the browser receives it: no `metadata`, and its first items (an empty page when
 * the thread is sent without them).
 */
export function toWireThread(
  thread: ThreadMetadata,
  items: Page<ThreadItem> = { data: [], has_more: false, after: null },
): Thread {
  return {
    id: thread.id,
    title: thread.title,
    created_at: thread.created_at,
    status: thread.status,
    allowed_image_domains: thread.allowed_image_domains,
    items: { ...items, data: items.data.map(toWireItem) },
  }
}

/** An event as the browser receives it: its thread and items shaped as above. */
export function toWireEvent(event: ThreadStreamEvent): ThreadStreamEvent {
  switch (event.type) {
    case 'thread.created':
    case 'thread.updated':
      return { ...event, thread: toWireThread(event.thread, event.thread.items) }
    case 'thread.item.added':
    case 'thread.item.done':
    case 'thread.item.replaced':
      return { ...event, item: toWireItem(event.item) }
    case 'thread.item.updated':
      return { ...event, update: updateDefaults(event.update) }
    case 'client_effect':
      return { data: {}, ...event }
    default:
      return event
  }
}
