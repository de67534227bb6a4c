import type { ThreadStreamEvent } from './events.ts'
import type { AssistantMessageContent, AssistantMessageItem } from './types.ts'

/** Options of {@link streamAssistantText}. */
export interface StreamAssistantTextOptions {
  /** The thread the message belongs to. */
  threadId: string
  /** The message's id: `respond`'s `generateItemId('message')`. */
  id: string
  /** The whole text, or its pieces as they come (from a model's stream). */
  text: string | AsyncIterable<string> | Iterable<string>
  /**
   * The message's creation time, ISO 8601.
   * @default the time of the call (`new Date().toISOString()`)
   */
  createdAt?: string
}

/**
 * The events of one streamed assistant text reply: the item added, its content part added,
 * one text delta per piece, the part done and the item done (which the server saves).
 *
 * ```ts
 * respond: async function* (thread, input, context, { generateItemId }) {
 *   yield* streamAssistantText({ threadId: thread.id, id: generateItemId('message'), text: 'Hello!' })
 * }
 * ```
 */
export async function* streamAssistantText(
  options: StreamAssistantTextOptions,
): AsyncGenerator<ThreadStreamEvent> {
  const item: AssistantMessageItem = {
    type: 'assistant_message',
    id: options.id,
    thread_id: options.threadId,
    created_at: options.createdAt ?? new Date().toISOString(),
    content: [],
  }
  yield { type: 'thread.item.added', item }
  const empty: AssistantMessageContent = { type: 'output_text', text: '', annotations: [] }
  yield {
    type: 'thread.item.updated',
    item_id: item.id,
    update: { type: 'assistant_message.content_part.added', content_index: 0, content: empty },
  }
  let text = ''
  const pieces = typeof options.text === 'string' ? [options.text] : options.text
  for await (const delta of pieces) {
    if (delta === '') continue
    text += delta
    yield {
      type: 'thread.item.updated',
      item_id: item.id,
      update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta },
    }
  }
  const content: AssistantMessageContent = { type: 'output_text', text, annotations: [] }
  yield {
    type: 'thread.item.updated',
    item_id: item.id,
    update: { type: 'assistant_message.content_part.done', content_index: 0, content },
  }
  yield { type: 'thread.item.done', item: { ...item, content: [content] } }
}
