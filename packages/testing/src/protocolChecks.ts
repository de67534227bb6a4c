// Checks of what a ChatKit server sends, as pure functions over what the headless client
// received: each returns the problems it found (an empty list when all is well), so a test reads
// `expect(check(...)).toEqual([])` and a failure names every problem at once.
import type { ChatKitProtocolClient } from './createChatKitProtocolClient.ts'
import {
  HIDDEN_ITEM_TYPES,
  type ProtocolEvent,
  type ProtocolItem,
  type RebuiltThread,
} from './threadRebuilder.ts'

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Every item added is later done or removed, in the same stream, and nothing is updated before
 * it was added. Leave out the `pendingItemIds` of a stream the client cancelled.
 */
export function checkItemLifecycle(
  events: readonly ProtocolEvent[],
  pendingItemIds: readonly string[] = [],
): string[] {
  const problems: string[] = []
  const open = new Map<string, number>()
  const seen = new Set<string>()
  events.forEach((event, index) => {
    const item = isObject(event.item) ? event.item : undefined
    const id =
      typeof item?.id === 'string' ? item.id : typeof event.item_id === 'string' ? event.item_id : undefined
    if (id === undefined) return
    switch (event.type) {
      case 'thread.item.added':
        if (open.has(id)) problems.push(`event ${index}: item ${id} added twice`)
        open.set(id, index)
        seen.add(id)
        break
      case 'thread.item.updated':
        if (!open.has(id))
          problems.push(`event ${index}: item ${id} updated while not open (never added, or already done)`)
        break
      case 'thread.item.done':
      case 'thread.item.removed':
        open.delete(id)
        seen.add(id)
        break
      default:
        break
    }
  })
  for (const [id, index] of open) {
    if (!pendingItemIds.includes(id))
      problems.push(`event ${index}: item ${id} added and never done or removed`)
  }
  return problems
}

/**
 * A stream sends `stream_options` once, before any event of the app's answer, as chatkit-python
 * does: only the server's own `thread.created` and the user's message (`thread.item.done` of a
 * `user_message`) may come before it.
 */
export function checkStreamOpening(events: readonly ProtocolEvent[]): string[] {
  if (events.length === 0) return ['the stream has no events']
  const isServerPreamble = (event: ProtocolEvent) =>
    event.type === 'thread.created' ||
    (event.type === 'thread.item.done' && isObject(event.item) && event.item.type === 'user_message')
  const first = events.findIndex((event) => !isServerPreamble(event))
  const opening = events[first]
  const problems =
    opening === undefined
      ? ['the stream ends before stream_options']
      : opening.type === 'stream_options' && isObject(opening.stream_options)
        ? []
        : [`event ${first}: ${JSON.stringify(opening.type)} comes before stream_options`]
  const more = events.filter((event) => event.type === 'stream_options').length
  if (more > 1) problems.push(`the stream sends stream_options ${more} times`)
  return problems
}

/**
 * Every hidden item (`hidden_context_item`, `sdk_hidden_context`) anywhere in `value`: stream
 * events, a thread, a page of items. None may ever reach a client. Returns a problem per item.
 */
export function findHiddenItems(value: unknown, path = '$'): string[] {
  if (Array.isArray(value))
    return value.flatMap((child, index) => findHiddenItems(child, `${path}[${index}]`))
  if (!isObject(value)) return []
  const here =
    typeof value.type === 'string' && HIDDEN_ITEM_TYPES.has(value.type) && typeof value.id === 'string'
      ? [`${path}: a ${value.type} item (${value.id}) reached the client`]
      : []
  return [
    ...here,
    ...Object.entries(value).flatMap(([key, child]) => findHiddenItems(child, `${path}.${key}`)),
  ]
}

/** JSON with sorted keys, so two equal objects read the same whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}

/** Items in the server's order: `(created_at, id)`. */
function inStoreOrder(items: readonly ProtocolItem[]): ProtocolItem[] {
  return [...items].sort(
    (a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id.localeCompare(b.id),
  )
}

/** The text of each content part, for comparing a partial item with what the server saved. */
function texts(item: ProtocolItem): string[] {
  return Array.isArray(item.content)
    ? item.content.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : ''))
    : []
}

/**
 * Compares a rebuilt thread with the server's view of it, item by item. Items in `pendingItemIds`
 * (what a cancelled stream left open) only need the server's text to start with what the client
 * got: the server may have produced more before it saw the cancel.
 */
export function compareThreads(
  rebuilt: RebuiltThread,
  stored: RebuiltThread,
  pendingItemIds: readonly string[] = [],
): string[] {
  const problems: string[] = []
  if (canonical(rebuilt.thread) !== canonical(stored.thread)) {
    problems.push(
      `thread ${String(stored.thread.id)}: the metadata differs: rebuilt ${canonical(rebuilt.thread)}, stored ${canonical(stored.thread)}`,
    )
  }
  const mine = inStoreOrder(rebuilt.items)
  const theirs = inStoreOrder(stored.items)
  const ids = (items: ProtocolItem[]) => items.map((item) => item.id).join(', ')
  if (ids(mine) !== ids(theirs)) {
    problems.push(`the items differ: rebuilt [${ids(mine)}], stored [${ids(theirs)}]`)
    return problems
  }
  mine.forEach((item, index) => {
    const other = theirs[index] as ProtocolItem
    if (pendingItemIds.includes(item.id)) {
      const got = texts(item)
      const saved = texts(other)
      if (got.some((text, part) => !(saved[part] ?? '').startsWith(text))) {
        problems.push(
          `item ${item.id}: the server saved text that does not start with what the client received`,
        )
      }
      return
    }
    if (canonical(item) !== canonical(other)) {
      problems.push(`item ${item.id}: rebuilt ${canonical(item)}, stored ${canonical(other)}`)
    }
  })
  return problems
}

/**
 * Loads the thread from the server (`threads.get_by_id` and every page of `items.list`) and
 * compares it with what the client rebuilt from its streams; also checks that neither answer
 * holds a hidden item.
 */
export async function compareWithServer(
  client: ChatKitProtocolClient,
  threadId: string | undefined,
  pendingItemIds: readonly string[] = [],
): Promise<string[]> {
  if (threadId === undefined) return ['no thread id: the stream named no thread']
  const rebuilt = client.threads.get(threadId)
  if (rebuilt === undefined) return [`the client rebuilt no thread ${threadId}`]
  const stored = await client.loadThread(threadId)
  return [...findHiddenItems(stored.items), ...compareThreads(rebuilt, stored, pendingItemIds)]
}
