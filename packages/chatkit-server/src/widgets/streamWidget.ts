import type { ThreadStreamEvent } from '../events.ts'
import type { WidgetItem, WidgetRoot } from '../types.ts'
import { diffWidget } from './diffWidget.ts'
import { serializeWidget } from './serializeWidget.ts'

/** Options of {@link streamWidget}. */
export interface StreamWidgetOptions {
  /** The thread the widget belongs to. */
  threadId: string
  /** The item's id: `respond`'s `generateItemId('message')` (chatkit-python uses the `message` kind). */
  id: string
  /**
   * The widget, or its successive states as they come. Each state is copied as it arrives (without
   * its null fields), so a state may be changed and yielded again.
   */
  widget: WidgetRoot | AsyncIterable<WidgetRoot> | Iterable<WidgetRoot>
  /**
   * The text ChatKit copies for the widget.
   * @default none
   */
  copyText?: string
  /**
   * The item's creation time, ISO 8601.
   * @default the time of the call (`new Date().toISOString()`)
   */
  createdAt?: string
}

// A widget is a plain object: only a sequence of states has an iterator.
const isIterable = (
  value: StreamWidgetOptions['widget'],
): value is AsyncIterable<WidgetRoot> | Iterable<WidgetRoot> =>
  Symbol.asyncIterator in value || Symbol.iterator in value

/**
 * The events of a widget item, as chatkit-python's `stream_widget` gives them. One widget: its
 * `thread.item.done` (the server saves it). Successive states: `thread.item.added` with the first,
 * a `thread.item.updated` for each update {@link diffWidget} finds between one state and the
 * next, and `thread.item.done` with the last, which the server saves. No states, no events.
 *
 * ```ts
 * respond: async function* (thread, input, context, { generateItemId }) {
 *   yield* streamWidget({ threadId: thread.id, id: generateItemId('message'), widget: states() })
 * }
 * ```
 */
export async function* streamWidget(options: StreamWidgetOptions): AsyncGenerator<ThreadStreamEvent> {
  const createdAt = options.createdAt ?? new Date().toISOString()
  const item = (widget: WidgetRoot): WidgetItem => ({
    type: 'widget',
    id: options.id,
    thread_id: options.threadId,
    created_at: createdAt,
    widget,
    ...(options.copyText !== undefined && { copy_text: options.copyText }),
  })
  if (!isIterable(options.widget)) {
    yield { type: 'thread.item.done', item: item(serializeWidget(options.widget)) }
    return
  }
  let last: WidgetRoot | undefined
  for await (const state of options.widget) {
    const next = serializeWidget(state)
    if (last === undefined) yield { type: 'thread.item.added', item: item(next) }
    else
      for (const update of diffWidget(last, next))
        yield { type: 'thread.item.updated', item_id: options.id, update }
    last = next
  }
  if (last !== undefined) yield { type: 'thread.item.done', item: item(last) }
}
