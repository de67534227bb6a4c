// Rebuilds threads from ChatKit's stream events, as the web component does, so a test can
// compare what a client saw with what the server stored. Types are loose on purpose: the checks
// must report a malformed event, not fail to compile against it.

/** An item as it travels: `id`, `thread_id`, `type`, `created_at`, and its own fields. */
export interface ProtocolItem {
  id: string
  thread_id: string
  type: string
  created_at: string
  [field: string]: unknown
}

/** One event of a stream, as `{ type, ... }` on the wire. */
export interface ProtocolEvent {
  type: string
  [field: string]: unknown
}

/** A thread as the client rebuilt it: its metadata (without `items`) and its items in order. */
export interface RebuiltThread {
  thread: Record<string, unknown>
  items: ProtocolItem[]
}

/** The item types that must never leave a server (chatkit-python's hidden context items). */
export const HIDDEN_ITEM_TYPES: ReadonlySet<string> = new Set(['hidden_context_item', 'sdk_hidden_context'])

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function isItem(value: unknown): value is ProtocolItem {
  return isObject(value) && typeof value.id === 'string' && typeof value.type === 'string'
}

function withoutItems(thread: Record<string, unknown>): Record<string, unknown> {
  const { items: _items, ...metadata } = thread
  return metadata
}

/** Copies JSON data, so a rebuilt thread never shares objects with the events. */
const copy = <T>(value: T): T => structuredClone(value)

function listAt(item: Record<string, unknown>, key: string): unknown[] {
  const value = item[key]
  if (Array.isArray(value)) return value
  const list: unknown[] = []
  item[key] = list
  return list
}

/** Applies `change` to the first object in `tree` whose `id` is `id`; whether one was found. */
function changeComponent(
  tree: unknown,
  id: string,
  change: (node: Record<string, unknown>) => void,
): boolean {
  if (Array.isArray(tree)) return tree.some((child) => changeComponent(child, id, change))
  if (!isObject(tree)) return false
  if (tree.id === id) {
    change(tree)
    return true
  }
  return Object.values(tree).some((child) => changeComponent(child, id, change))
}

/**
 * Applies one `thread.item.updated` update to a (copied) item. Returns a problem when the update
 * cannot apply (an unknown type, an index out of range), `undefined` when it applied.
 */
function applyUpdate(item: ProtocolItem, update: Record<string, unknown>): string | undefined {
  const index = typeof update.content_index === 'number' ? update.content_index : -1
  const content = () => listAt(item, 'content')
  switch (update.type) {
    case 'assistant_message.content_part.added':
      content().splice(index, 0, copy(update.content))
      return undefined
    case 'assistant_message.content_part.done':
      content()[index] = copy(update.content)
      return undefined
    case 'assistant_message.content_part.text_delta': {
      const part = content()[index]
      if (!isObject(part)) return `a text delta for content part ${index}, which was never added`
      part.text = `${typeof part.text === 'string' ? part.text : ''}${String(update.delta)}`
      return undefined
    }
    case 'assistant_message.content_part.annotation_added': {
      const part = content()[index]
      if (!isObject(part)) return `an annotation for content part ${index}, which was never added`
      const annotations = listAt(part, 'annotations')
      annotations[
        typeof update.annotation_index === 'number' ? update.annotation_index : annotations.length
      ] = copy(update.annotation)
      return undefined
    }
    case 'widget.root.updated':
      item.widget = copy(update.widget)
      return undefined
    case 'widget.component.updated':
      return changeComponent(item.widget, String(update.component_id), (node) => {
        for (const key of Object.keys(node)) Reflect.deleteProperty(node, key)
        Object.assign(node, copy(update.component))
      })
        ? undefined
        : `a widget component update for a component the widget does not have`
    case 'widget.streaming_text.value_delta':
      return changeComponent(item.widget, String(update.component_id), (node) => {
        node.value = `${typeof node.value === 'string' ? node.value : ''}${String(update.delta)}`
      })
        ? undefined
        : `a widget text delta for a component the widget does not have`
    case 'workflow.task.added':
    case 'workflow.task.updated': {
      const workflow = isObject(item.workflow) ? item.workflow : (item.workflow = {})
      const tasks = listAt(workflow as Record<string, unknown>, 'tasks')
      const taskIndex = typeof update.task_index === 'number' ? update.task_index : tasks.length
      if (update.type === 'workflow.task.added') tasks.splice(taskIndex, 0, copy(update.task))
      else tasks[taskIndex] = copy(update.task)
      return undefined
    }
    case 'generated_image.updated':
      item.image = copy(update.image)
      return undefined
    default:
      return `an update of unknown type ${JSON.stringify(update.type)}`
  }
}

/**
 * The threads a client knows, rebuilt from the events it received. `apply` takes one event of
 * a stream about `threadId` (the request's thread; `thread.created` names a new one) and returns
 * the thread the stream is about afterwards, and any problem the event showed.
 */
export class ThreadRebuilder {
  readonly threads = new Map<string, RebuiltThread>()

  /** Starts (or restarts) from a thread as the server answered it (`threads.get_by_id`). */
  load(thread: Record<string, unknown>): RebuiltThread {
    const page = thread.items
    const data = isObject(page) && Array.isArray(page.data) ? page.data.filter(isItem) : []
    const rebuilt: RebuiltThread = { thread: copy(withoutItems(thread)), items: copy(data) }
    this.threads.set(String(thread.id), rebuilt)
    return rebuilt
  }

  /**
   * Applies what a request changes on the server without sending an event for it, as ChatKit's
   * web component does on its side: `threads.retry_after_item` drops the items after `item_id`;
   * `threads.add_client_tool_output` completes the thread's last pending client tool call with
   * `result` and drops any other pending call. Other requests change nothing here.
   */
  applyRequest(type: string, params: Record<string, unknown>): void {
    const thread = typeof params.thread_id === 'string' ? this.threads.get(params.thread_id) : undefined
    if (thread === undefined) return
    if (type === 'threads.retry_after_item') {
      const at = thread.items.findIndex((item) => item.id === params.item_id)
      if (at >= 0) thread.items.splice(at + 1)
    }
    if (type === 'threads.add_client_tool_output') {
      const isPendingCall = (item: ProtocolItem) =>
        item.type === 'client_tool_call' && item.status === 'pending'
      const call = thread.items.findLast(isPendingCall)
      if (call === undefined) return
      Object.assign(call, { status: 'completed', output: copy(params.result) })
      thread.items = thread.items.filter((item) => !isPendingCall(item))
    }
  }

  apply(
    event: ProtocolEvent,
    threadId: string | undefined,
  ): { threadId: string | undefined; problem?: string } {
    if (event.type === 'thread.created' || event.type === 'thread.updated') {
      if (!isObject(event.thread) || typeof event.thread.id !== 'string') {
        return { threadId, problem: `${event.type} without a thread` }
      }
      const known = this.threads.get(event.thread.id)
      if (event.type === 'thread.created' || known === undefined) {
        return { threadId: this.load(event.thread).thread.id as string }
      }
      known.thread = copy(withoutItems(event.thread))
      return { threadId: event.thread.id }
    }
    if (!event.type.startsWith('thread.item.')) return { threadId }
    const item = isItem(event.item) ? event.item : undefined
    const target = item?.thread_id ?? threadId
    const thread = target === undefined ? undefined : this.threads.get(target)
    if (thread === undefined)
      return { threadId, problem: `${event.type} for a thread the client does not know` }
    const itemId = item?.id ?? (typeof event.item_id === 'string' ? event.item_id : undefined)
    const at = thread.items.findIndex((known) => known.id === itemId)
    switch (event.type) {
      case 'thread.item.added':
      case 'thread.item.done':
      case 'thread.item.replaced':
        if (item === undefined) return { threadId, problem: `${event.type} without an item` }
        if (at < 0) thread.items.push(copy(item))
        else thread.items[at] = copy(item)
        return { threadId: target }
      case 'thread.item.removed':
        if (at >= 0) thread.items.splice(at, 1)
        return { threadId: target }
      case 'thread.item.updated': {
        const known = thread.items[at]
        if (known === undefined)
          return { threadId, problem: `thread.item.updated for item ${String(itemId)}, never added` }
        if (!isObject(event.update)) return { threadId, problem: 'thread.item.updated without an update' }
        const problem = applyUpdate(known, event.update)
        return problem === undefined
          ? { threadId: target }
          : { threadId: target, problem: `item ${known.id}: ${problem}` }
      }
      default:
        return { threadId, problem: `an unknown event type ${JSON.stringify(event.type)}` }
    }
  }
}
