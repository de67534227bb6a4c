// The browser side of ChatKit's server protocol, as much of it as the chat stand-in needs: one
// POST per request to `api.url` through `api.fetch` (which attaches and renews the token), JSON
// answers for lists and threads, Server-Sent Events for a turn. Wire names as chatkit-python
// 1.6.5 writes them.
import { createParser } from 'eventsource-parser'
import type { WidgetNode } from './WidgetView.tsx'

/** What the chat needs of `useChatKitApi()`'s result. */
export interface ChatApi {
  url: string
  fetch: typeof fetch
}

/** A thread as lists and `threads.get_by_id` answer it. */
export interface ChatThread {
  id: string
  title?: string
  created_at: string
}

/** The items the chat shows; any other item type is kept but not drawn. */
export type ChatItem =
  | { type: 'user_message'; id: string; created_at: string; content: { type: string; text?: string }[] }
  | { type: 'assistant_message'; id: string; created_at: string; content: { type: string; text: string }[] }
  | { type: 'widget'; id: string; created_at: string; widget: WidgetNode }
  | { type: string; id: string; created_at: string }

/** A page of a list: `{ data, has_more, after }`. */
export interface ChatPage<T> {
  data: T[]
  has_more: boolean
  after?: string
}

/** One stream event; only the fields the chat reads are typed. */
export type ChatStreamEvent =
  | { type: 'thread.created' | 'thread.updated'; thread: ChatThread }
  | { type: 'thread.item.added' | 'thread.item.done' | 'thread.item.replaced'; item: ChatItem }
  | { type: 'thread.item.removed'; item_id: string }
  | { type: 'thread.item.updated'; item_id: string; update: ChatItemUpdate }
  | { type: 'error'; code?: string; message?: string; allow_retry?: boolean }
  | { type: 'notice'; level: string; message: string; title?: string }
  | { type: string }

/** The item updates the chat applies: assistant text streaming in. */
export type ChatItemUpdate =
  | {
      type: 'assistant_message.content_part.added' | 'assistant_message.content_part.done'
      content_index: number
      content: { type: string; text: string }
    }
  | { type: 'assistant_message.content_part.text_delta'; content_index: number; delta: string }
  | { type: 'widget.streaming_text.value_delta'; component_id: string; delta: string; done: boolean }
  | { type: 'widget.root.updated'; widget: WidgetNode }
  | { type: 'widget.component.updated'; component_id: string; component: WidgetNode }
  | { type: string }

/** A request the server refused, or a network failure: what the chat shows. */
export class ChatRequestError extends Error {
  override readonly name = 'ChatRequestError'
  constructor(
    message: string,
    /** The HTTP status, when there was an answer. */
    readonly status?: number,
  ) {
    super(message)
  }
}

/** The text of a message the user typed, and the ids of its uploaded files, as `UserMessageInput`. */
export function userInput(text: string, attachments: string[] = []) {
  return { content: [{ type: 'input_text', text }], attachments, inference_options: {} }
}

async function post(api: ChatApi, body: object, signal?: AbortSignal): Promise<Response> {
  const response = await api.fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  })
  if (!response.ok) {
    const answer = (await response.json().catch(() => null)) as { error?: { message?: unknown } } | null
    const message = typeof answer?.error?.message === 'string' ? answer.error.message : response.statusText
    throw new ChatRequestError(`The ChatKit server answered ${response.status}: ${message}`, response.status)
  }
  return response
}

/** A JSON request (`threads.list`, `threads.get_by_id`, `items.list`, ...): its parsed answer. */
export async function requestJson<T>(api: ChatApi, type: string, params: object): Promise<T> {
  const response = await post(api, { type, params })
  return (await response.json()) as T
}

/**
 * A streaming request (`threads.create`, `threads.add_user_message`): calls `onEvent` with each
 * event as it arrives and resolves when the server ends the stream. Aborting `signal` stops it
 * (the server then saves what it had).
 */
export async function requestStream(
  api: ChatApi,
  type: string,
  params: object,
  onEvent: (event: ChatStreamEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const response = await post(api, { type, params }, signal)
  if (response.body === null) throw new ChatRequestError('The ChatKit server sent no stream.')
  const parser = createParser({
    onEvent: ({ data }) => {
      onEvent(JSON.parse(data) as ChatStreamEvent)
    },
  })
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return
    parser.feed(value)
  }
}

/** The conversation on screen: its thread, its items in order, and what went wrong last. */
export interface ChatState {
  thread: ChatThread | null
  items: ChatItem[]
  error: string | null
}

/** Applies one stream event to the conversation, as the widget would. */
export function applyEvent(state: ChatState, event: ChatStreamEvent): ChatState {
  switch (event.type) {
    case 'thread.created':
    case 'thread.updated':
      return 'thread' in event ? { ...state, thread: event.thread } : state
    case 'thread.item.added':
    case 'thread.item.done':
    case 'thread.item.replaced':
      return 'item' in event ? { ...state, items: upsert(state.items, event.item) } : state
    case 'thread.item.removed':
      return 'item_id' in event
        ? { ...state, items: state.items.filter((item) => item.id !== event.item_id) }
        : state
    case 'thread.item.updated':
      return 'update' in event
        ? {
            ...state,
            items: state.items.map((item) =>
              item.id === event.item_id ? applyUpdate(item, event.update) : item,
            ),
          }
        : state
    case 'error':
      return {
        ...state,
        error: 'message' in event && typeof event.message === 'string' ? event.message : 'The reply failed.',
      }
    default:
      return state
  }
}

function upsert(items: ChatItem[], item: ChatItem): ChatItem[] {
  const index = items.findIndex((existing) => existing.id === item.id)
  return index === -1 ? [...items, item] : items.map((existing, i) => (i === index ? item : existing))
}

/** The widget with the component whose `id` is `componentId` replaced by `change(component)`. */
function changeComponent(
  node: WidgetNode,
  componentId: string,
  change: (component: WidgetNode) => WidgetNode,
): WidgetNode {
  if (node.id === componentId) return change(node)
  const { children } = node
  if (Array.isArray(children))
    return {
      ...node,
      children: children.map((child: unknown) =>
        typeof child === 'object' && child !== null && 'type' in child
          ? changeComponent(child as WidgetNode, componentId, change)
          : child,
      ),
    }
  if (typeof children === 'object' && children !== null && 'type' in children)
    return { ...node, children: changeComponent(children as WidgetNode, componentId, change) }
  return node
}

function applyWidgetUpdate(widget: WidgetNode, update: ChatItemUpdate): WidgetNode {
  if (update.type === 'widget.root.updated' && 'widget' in update) return update.widget
  if (update.type === 'widget.component.updated' && 'component' in update)
    return changeComponent(widget, update.component_id, () => update.component)
  if ('component_id' in update && 'delta' in update)
    return changeComponent(widget, update.component_id, (component) => ({
      ...component,
      value: (typeof component.value === 'string' ? component.value : '') + update.delta,
      ...(update.done ? { streaming: false } : {}),
    }))
  return widget
}

function applyUpdate(item: ChatItem, update: ChatItemUpdate): ChatItem {
  if (item.type === 'widget' && 'widget' in item)
    return { ...item, widget: applyWidgetUpdate(item.widget, update) }
  if (item.type !== 'assistant_message' || !('content_index' in update) || !('content' in item)) return item
  const content = [...(item.content as { type: string; text: string }[])]
  if ('delta' in update) {
    const part = content[update.content_index] ?? { type: 'output_text', text: '' }
    content[update.content_index] = { ...part, text: part.text + update.delta }
  } else if ('content' in update) {
    content[update.content_index] = update.content
  }
  return { ...item, content }
}

/** The visible text of an item, or null for an item the chat does not draw. */
export function itemText(item: ChatItem): string | null {
  if ((item.type !== 'user_message' && item.type !== 'assistant_message') || !('content' in item)) return null
  return item.content.map((part) => part.text ?? '').join('')
}
