import {
  streamAssistantText,
  type RespondFunction,
  type ThreadStreamEvent,
  type UserMessageItem,
} from '@chatkit-session/chatkit-server'

/** Options of {@link createScriptedResponder}. */
export interface ScriptedResponderOptions {
  /**
   * Pause before each word after the first, in milliseconds: the first word is sent at once, so
   * the time to the first token is the server's own.
   * @default 40
   */
  wordDelayMs?: number
  /**
   * Give a thread without a title one from its first message (a `thread.updated` event).
   * @default true
   */
  titleThreads?: boolean
}

/** Longest title taken from a first message, in characters. */
const TITLE_LENGTH = 40

/** The text of a user message (its `input_text` parts). */
function textOf(input: UserMessageItem | null): string {
  return (input?.content ?? [])
    .map((part) => (part.type === 'input_text' ? part.text : ''))
    .join(' ')
    .trim()
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

async function* words(text: string, delayMs: number, signal: AbortSignal): AsyncGenerator<string> {
  const pieces = text.split(/(?<= )/)
  for (const [index, piece] of pieces.entries()) {
    if (index > 0 && delayMs > 0) await pause(delayMs, signal)
    if (signal.aborted) return
    yield piece
  }
}

/**
 * A `respond` for `createChatKitServer` that needs no model: it quotes the user's message back in
 * a few sentences, streamed word by word, so a demo or a test has a real conversation offline.
 * It answers every message the same way, and titles a new thread from its first message.
 *
 * @example
 * const server = createChatKitServer({ store: createMemoryStore(), respond: createScriptedResponder() })
 */
export function createScriptedResponder<TContext>(
  options: ScriptedResponderOptions = {},
): RespondFunction<TContext> {
  const { wordDelayMs = 40, titleThreads = true } = options
  if (!Number.isFinite(wordDelayMs) || wordDelayMs < 0) {
    throw new TypeError('wordDelayMs: must be a number of milliseconds, 0 or more')
  }
  return async function* respond(thread, input, _context, { signal, generateItemId }) {
    const said = textOf(input)
    if (titleThreads && !thread.title && said !== '') {
      const title = said.length > TITLE_LENGTH ? `${said.slice(0, TITLE_LENGTH - 1)}…` : said
      const items = { data: [], has_more: false, after: null }
      const updated: ThreadStreamEvent = { type: 'thread.updated', thread: { ...thread, title, items } }
      yield updated
    }
    const reply =
      `You said: “${said}”. ` +
      'No OPENAI_API_KEY is set, so a scripted responder answers instead of a model. ' +
      'This reply streams word by word from a ChatKit server written in TypeScript, ' +
      'and the thread is saved: reload the page or restart the server, and it is still here.'
    yield* streamAssistantText({
      threadId: thread.id,
      id: generateItemId('message'),
      text: words(reply, wordDelayMs, signal),
    })
  }
}
