import type { AgentInputItem } from '@openai/agents'
import type { Attachment, Task, ThreadItem, UserMessageItem, UserMessageTagContent } from '../types.ts'
import { AgentInputError } from './agentInputError.ts'
import { widgetText } from './widgetText.ts'

/** One content part of a user message as the model reads it (text, image or file). */
export type AgentUserContent = Extract<AgentInputItem, { role: 'user' }>['content'] extends infer C
  ? C extends readonly (infer Part)[]
    ? Part
    : never
  : never

/** A value, or a promise of it: a hook may read a store or sign a URL before it answers. */
export type MaybePromise<T> = T | Promise<T>

/** Options of {@link threadItemsToAgentInput}. */
export interface ThreadItemsToAgentInputOptions {
  /**
   * Turns an attachment of a user message into content the model reads (an `input_image` with
   * a URL the model can fetch, an `input_file` with the file's bytes read from your attachment
   * store...). Only the app knows where its files live. May be async.
   * @default undefined (a user message with attachments throws an {@link AgentInputError} with
   * code `attachment_not_converted`, rather than dropping the file without a word)
   */
  attachmentToInput?: (attachment: Attachment) => MaybePromise<AgentUserContent>
  /**
   * What the model is told about an @-mention tag, beside the message text (where the tag reads
   * `@text`). Return `null` to tell it nothing more. A tag sent without `data` gets `{}`. May
   * be async (to look the entity up).
   * @default undefined (tags read as `@text` and nothing more is sent)
   */
  tagToInput?: (tag: UserMessageTagContent) => MaybePromise<AgentUserContent | null>
  /**
   * Converts one item your own way (a generated image whose URL the model cannot reach, hidden
   * context that is not text, a widget you describe better...). Return `undefined` to use the
   * default conversion below, an empty array to leave the item out. May be async.
   * @default undefined (the default conversion for every item)
   */
  itemToInput?: (item: ThreadItem) => MaybePromise<AgentInputItem[] | undefined>
}

const userText = (text: string): AgentInputItem => ({
  role: 'user',
  content: [{ type: 'input_text', text }],
})

/** A custom task as a sentence for the model, or null when it says nothing (Python's rule). */
function taskToText(task: Task): string | null {
  if (task.type !== 'custom') return null
  const said = [task.title, task.content].filter((part): part is string => !!part)
  if (said.length === 0) return null
  return `The user was shown that this task was done:\n<task>\n${said.join(': ')}\n</task>`
}

async function userMessageToInput(
  item: UserMessageItem,
  isLast: boolean,
  options: ThreadItemsToAgentInputOptions,
): Promise<AgentInputItem[]> {
  const text = item.content.map((part) => (part.type === 'input_tag' ? `@${part.text}` : part.text)).join('')
  const { attachmentToInput } = options
  if (item.attachments.length > 0 && !attachmentToInput)
    throw new AgentInputError(
      'attachment_not_converted',
      'A user message has attachments: give threadItemsToAgentInput an attachmentToInput',
    )
  const attachments: AgentUserContent[] = []
  // In order, one at a time: the hook may read files, and the model reads them in this order.
  if (attachmentToInput)
    for (const attachment of item.attachments) attachments.push(await attachmentToInput(attachment))
  const out: AgentInputItem[] = [{ role: 'user', content: [{ type: 'input_text', text }, ...attachments] }]
  // The quote matters for the message being answered, not for the ones before it.
  if (item.quoted_text && isLast)
    out.push(userText(`The user refers to this passage in particular:\n${item.quoted_text}`))
  if (options.tagToInput) {
    const seen = new Set<string>()
    const tagContent: AgentUserContent[] = []
    for (const part of item.content) {
      if (part.type !== 'input_tag' || seen.has(part.text)) continue
      seen.add(part.text)
      // Stored before the server defaulted it, or built by hand: a tag may come without data.
      const data: Record<string, unknown> | undefined = part.data
      const content = await options.tagToInput({ ...part, data: data ?? {} })
      if (content) tagContent.push(content)
    }
    if (tagContent.length > 0)
      out.push({
        role: 'user',
        content: [
          {
            type: 'input_text',
            text: 'Context for the @-mentions in the user message. Name these entities without the @.',
          },
          ...tagContent,
        ],
      })
  }
  return out
}

function hiddenToInput(content: unknown): AgentInputItem {
  const text = typeof content === 'string' ? content : JSON.stringify(content)
  return userText(
    `Context for you, which the user does not see:\n<hidden_context>\n${text}\n</hidden_context>`,
  )
}

async function defaultItemToInput(
  item: ThreadItem,
  isLast: boolean,
  options: ThreadItemsToAgentInputOptions,
): Promise<AgentInputItem[]> {
  switch (item.type) {
    case 'user_message':
      return userMessageToInput(item, isLast, options)
    case 'assistant_message':
      return [
        {
          role: 'assistant',
          status: 'completed',
          content: item.content.map((part) => ({ type: 'output_text' as const, text: part.text })),
        },
      ]
    case 'client_tool_call':
      // A pending call has no output yet, and a call without its output is an invalid input.
      if (item.status === 'pending') return []
      return [
        {
          type: 'function_call',
          callId: item.call_id,
          name: item.name,
          arguments: JSON.stringify(item.arguments),
        },
        {
          type: 'function_call_result',
          callId: item.call_id,
          name: item.name,
          status: 'completed',
          output: JSON.stringify(item.output ?? null),
        },
      ]
    case 'hidden_context_item':
    case 'sdk_hidden_context':
      return [hiddenToInput(item.content)]
    case 'task': {
      const text = taskToText(item.task)
      return text ? [userText(text)] : []
    }
    case 'workflow':
      return item.workflow.tasks.flatMap((task) => {
        const text = taskToText(task)
        return text ? [userText(text)] : []
      })
    case 'widget':
      return [userText(widgetText(item))]
    case 'structured_input': {
      const lines = item.inputs.map((input) => {
        const answer = !input.answer
          ? 'unanswered'
          : input.answer.skipped
            ? 'skipped'
            : (input.answer.values ?? []).join(', ')
        return `- ${input.question}: ${answer}`
      })
      return [
        userText(
          `The user was asked these questions (status: ${item.status}):\n<structured_input>\n${lines.join('\n')}\n</structured_input>`,
        ),
      ]
    }
    case 'generated_image':
      if (!item.image) return []
      return [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'You generated this image earlier in the conversation.' },
            { type: 'input_image', image: item.image.url, detail: 'auto' },
          ],
        },
      ]
    case 'end_of_turn':
      return []
  }
}

/**
 * A thread's items, oldest first, as the input of an Agents SDK run: the conversation history.
 *
 * - User and assistant messages become the model's user and assistant messages; the quote of
 *   the last user message and the context of @-mention tags (with `tagToInput`) follow it.
 * - Hidden context items (`hidden_context_item`, `sdk_hidden_context`, as the "the user
 *   cancelled" note the server adds) go to the model as user messages marked as hidden
 *   context. They never reach the browser: the server drops them from every answer.
 * - Completed client tool calls become a function call and its output; pending ones are left
 *   out. Custom tasks (alone or in a workflow) tell the model what the user was shown; other
 *   tasks (thoughts, searches) are left out. Widgets are told as a short text (their copy text
 *   or their words, {@link widgetText}), structured inputs as their questions and answers,
 *   generated images as an `input_image` of their URL. End-of-turn markers are left out.
 * - Hooks (`attachmentToInput`, `tagToInput`, `itemToInput`) may be async; items are converted
 *   one at a time, in order.
 *
 * @throws {AgentInputError} `attachment_not_converted` (the promise rejects) for attachments
 * without `attachmentToInput`.
 */
export async function threadItemsToAgentInput(
  items: readonly ThreadItem[],
  options: ThreadItemsToAgentInputOptions = {},
): Promise<AgentInputItem[]> {
  // A copy: the caller may change its array while a hook is awaited.
  const snapshot = [...items]
  const out: AgentInputItem[] = []
  for (const [index, item] of snapshot.entries()) {
    const own = await options.itemToInput?.(item)
    out.push(...(own ?? (await defaultItemToInput(item, index === snapshot.length - 1, options))))
  }
  return out
}
