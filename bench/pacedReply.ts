import { streamAssistantText, type RespondFunction } from '@chatkit-session/chatkit-server'

/** How the stand-in model answers: `deltas` pieces of text, one every `intervalMs`. */
export interface PacedReplyOptions {
  /**
   * Text deltas per reply.
   * @default 50
   */
  deltas?: number
  /**
   * Milliseconds between two deltas (50 deltas 40 ms apart: a 2 s reply, as a model streams).
   * @default 40
   */
  intervalMs?: number
}

/** The defaults of {@link PacedReplyOptions}, filled in. */
export function pacedReplyOptions(options: PacedReplyOptions = {}): Required<PacedReplyOptions> {
  return { deltas: options.deltas ?? 50, intervalMs: options.intervalMs ?? 40 }
}

/** The `n`th delta of every reply: the load generator checks the whole text against these. */
export function replyDelta(n: number): string {
  return `word${n} `
}

/** The whole text of a reply of `deltas` pieces. */
export function replyText(deltas: number): string {
  return Array.from({ length: deltas }, (_, n) => replyDelta(n)).join('')
}

/** Resolves after `ms`, or at once (false) when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false)
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer)
      resolve(false)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve(true)
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** The deltas of one reply, paced; stops early when `signal` aborts. */
export async function* pacedDeltas(
  options: Required<PacedReplyOptions>,
  signal?: AbortSignal,
): AsyncGenerator<string> {
  for (let n = 0; n < options.deltas; n += 1) {
    if (!(await pause(options.intervalMs, signal))) return
    yield replyDelta(n)
  }
}

/**
 * A `respond` that streams like a model at a fixed pace, whatever the user said: the ChatKit
 * side of the capacity bench and of its correctness test.
 */
export function createPacedResponder<TContext>(options: PacedReplyOptions = {}): RespondFunction<TContext> {
  const paced = pacedReplyOptions(options)
  return (thread, _input, _context, { signal, generateItemId, now }) =>
    streamAssistantText({
      threadId: thread.id,
      id: generateItemId('message'),
      text: pacedDeltas(paced, signal),
      createdAt: now(),
    })
}
