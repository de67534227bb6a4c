import type { ChatKitResult, ChatKitServer, ProcessOptions } from '@chatkit-session/chatkit-server'
import type { ChatKitUserContext } from '@chatkit-session/chatkit-server/fetch'

// A small ChatKit server of our own, for testing the headless client and the handler over HTTP
// before the real protocol server lands: threads.create and threads.add_user_message stream an
// assistant reply word by word; threads.get_by_id and items.list answer from memory, per user.
// On a cancel it saves the partial reply and a hidden item, as chatkit-python does. Faults make
// it misbehave in the ways the checks must catch.

/** Ways the fake breaks the protocol, to prove each check can fail. */
export interface FakeThreadServerFaults {
  /** Streams the hidden "cancelled" item it stores instead of keeping it on the server. */
  leakHidden?: boolean
  /** Never sends thread.item.done for the assistant message. */
  forgetDone?: boolean
  /** Stores a different text than it streamed. */
  storeOtherText?: boolean
}

type Item = { id: string; thread_id: string; type: string; created_at: string; [field: string]: unknown }
type Thread = { id: string; title?: string; created_at: string; status: { type: 'active' } }

interface Stored {
  owner: string
  thread: Thread
  items: Item[]
}

const encoder = new TextEncoder()
const frame = (event: object) => encoder.encode(`data: ${JSON.stringify(event)}\n\n`)
const json = (body: unknown): ChatKitResult => ({ type: 'json', body: JSON.stringify(body) })
const notFound: ChatKitResult = {
  type: 'error',
  status: 404,
  error: { code: 'not_found', message: 'Thread not found.' },
}

/** Creates the fake; `words` is the reply, one delta per word, `delayMs` apart. */
export function createFakeThreadServer(
  options: { words?: string[]; delayMs?: number; faults?: FakeThreadServerFaults } = {},
): ChatKitServer<ChatKitUserContext> & { cancelled: string[] } {
  const { words = ['Hello', ' from', ' the', ' fake', ' server.'], delayMs = 2, faults = {} } = options
  const threads = new Map<string, Stored>()
  const cancelled: string[] = []
  let clock = Date.UTC(2026, 11, 4, 12)
  let counter = 0
  const now = () => new Date((clock += 1000)).toISOString()
  const id = (prefix: string) => `${prefix}_${(++counter).toString(16).padStart(8, '0')}`
  const visible = (items: Item[]) =>
    items.filter((item) => item.type !== 'sdk_hidden_context' && item.type !== 'hidden_context_item')

  function respond(stored: Stored, text: string, created: boolean, signal: AbortSignal | undefined) {
    const { thread } = stored
    const user: Item = {
      id: id('msg'),
      thread_id: thread.id,
      type: 'user_message',
      created_at: now(),
      content: [{ type: 'input_text', text }],
      attachments: [],
      inference_options: {},
    }
    stored.items.push(user)
    const reply: Item = {
      id: id('msg'),
      thread_id: thread.id,
      type: 'assistant_message',
      created_at: now(),
      content: [],
    }
    let sent = ''
    let finished = false
    const stop = (controller?: ReadableStreamDefaultController<Uint8Array>) => {
      if (finished) return
      finished = true
      cancelled.push(thread.id)
      reply.content = [{ type: 'output_text', text: sent, annotations: [] }]
      stored.items.push(reply)
      const hidden: Item = {
        id: id('shcx'),
        thread_id: thread.id,
        type: 'sdk_hidden_context',
        created_at: now(),
        content: 'The user cancelled the stream. Stop responding to the prior request.',
      }
      stored.items.push(hidden)
      if (faults.leakHidden && controller)
        controller.enqueue(frame({ type: 'thread.item.done', item: hidden }))
    }
    return new ReadableStream<Uint8Array>({
      async start(controller) {
        signal?.addEventListener('abort', () => stop())
        controller.enqueue(frame({ type: 'stream_options', stream_options: { allow_cancel: true } }))
        if (created)
          controller.enqueue(
            frame({ type: 'thread.created', thread: { ...thread, items: { data: [], has_more: false } } }),
          )
        controller.enqueue(frame({ type: 'thread.item.done', item: user }))
        controller.enqueue(frame({ type: 'thread.item.added', item: reply }))
        const part = { type: 'output_text', text: '', annotations: [] }
        controller.enqueue(
          frame({
            type: 'thread.item.updated',
            item_id: reply.id,
            update: { type: 'assistant_message.content_part.added', content_index: 0, content: part },
          }),
        )
        for (const word of words) {
          await new Promise((resolve) => setTimeout(resolve, delayMs))
          if (finished) return
          sent += word
          controller.enqueue(
            frame({
              type: 'thread.item.updated',
              item_id: reply.id,
              update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: word },
            }),
          )
        }
        if (faults.leakHidden) {
          stop(controller)
          controller.close()
          return
        }
        finished = true
        const done = { type: 'output_text', text: sent, annotations: [] }
        controller.enqueue(
          frame({
            type: 'thread.item.updated',
            item_id: reply.id,
            update: { type: 'assistant_message.content_part.done', content_index: 0, content: done },
          }),
        )
        reply.content = [faults.storeOtherText ? { ...done, text: `${sent} (edited)` } : done]
        stored.items.push(reply)
        if (!faults.forgetDone)
          controller.enqueue(frame({ type: 'thread.item.done', item: { ...reply, content: [done] } }))
        thread.title = words[0]
        controller.enqueue(
          frame({ type: 'thread.updated', thread: { ...thread, items: { data: [], has_more: false } } }),
        )
        controller.close()
      },
      cancel: () => stop(),
    })
  }

  const load = (body: { params?: { thread_id?: unknown } }, user: string) => {
    const stored = threads.get(String(body.params?.thread_id))
    return stored?.owner === user ? stored : undefined
  }

  return {
    cancelled,
    process(
      raw: unknown,
      context: ChatKitUserContext,
      processOptions?: ProcessOptions,
    ): Promise<ChatKitResult> {
      const body = raw as { type?: string; params?: Record<string, unknown> }
      const text = String(
        (body.params?.input as { content?: { text?: string }[] } | undefined)?.content?.[0]?.text ?? '',
      )
      const signal = processOptions?.signal
      const owned = (answer: (stored: Stored) => ChatKitResult) => {
        const stored = load(body, context.userId)
        return Promise.resolve(stored ? answer(stored) : notFound)
      }
      switch (body.type) {
        case 'threads.create': {
          const thread: Thread = { id: id('thr'), created_at: now(), status: { type: 'active' } }
          const stored = { owner: context.userId, thread, items: [] }
          threads.set(thread.id, stored)
          return Promise.resolve({ type: 'stream', stream: respond(stored, text, true, signal) })
        }
        case 'threads.add_user_message':
          return owned((stored) => ({ type: 'stream', stream: respond(stored, text, false, signal) }))
        case 'threads.get_by_id':
          return owned((stored) =>
            json({ ...stored.thread, items: { data: visible(stored.items).slice(0, 20), has_more: false } }),
          )
        case 'items.list':
          return owned((stored) => {
            const {
              limit = 20,
              after,
              order = 'desc',
            } = body.params as { limit?: number; after?: string; order?: string }
            const all = visible(stored.items)
            const ordered = order === 'asc' ? all : [...all].reverse()
            const start = after === undefined ? 0 : ordered.findIndex((item) => item.id === after) + 1
            const data = ordered.slice(start, start + limit)
            const hasMore = start + limit < ordered.length
            return json(
              hasMore ? { data, has_more: true, after: data.at(-1)?.id } : { data, has_more: false },
            )
          })
        default:
          return Promise.resolve({
            type: 'error',
            status: 400,
            error: { code: 'invalid_request', message: 'Unknown request type.', path: 'type' },
          })
      }
    },
  }
}
