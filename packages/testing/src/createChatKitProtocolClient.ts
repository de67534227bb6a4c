import { createParser } from 'eventsource-parser'
import { ThreadRebuilder, type ProtocolEvent, type RebuiltThread } from './threadRebuilder.ts'

/** Options of {@link createChatKitProtocolClient}. */
export interface ChatKitProtocolClientOptions {
  /** The ChatKit server's endpoint, as `useChatKitApi({ url })` gets it. */
  url: string
  /**
   * The fetch to send with: a server's in-process fetch, or one that adds cookies.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch
  /**
   * The token to send as `Authorization: Bearer <token>` on every request, read per request.
   * @default undefined (no Authorization header)
   */
  getToken?: () => string | Promise<string>
  /**
   * Items per `items.list` page when {@link ChatKitProtocolClient.loadThread} pages through a thread.
   * @default 50
   */
  pageSize?: number
}

/** A request that did not answer what the protocol says: the status and the body as text. */
export class ChatKitProtocolError extends Error {
  override readonly name = 'ChatKitProtocolError'
  constructor(
    readonly status: number,
    readonly body: string,
    message: string,
  ) {
    super(message)
  }
}

/** Options of one {@link ChatKitProtocolClient.stream}. */
export interface ProtocolStreamOptions {
  /**
   * Cancels the stream (aborts the fetch, as a closed tab or ChatKit's stop button does) right
   * after the event for which this returns `true`.
   * @default undefined (read to the end)
   */
  cancelAfter?: (event: ProtocolEvent, index: number) => boolean
}

/** What one streaming request received. */
export interface ProtocolStream {
  /** Every event, in order, parsed from the `data:` lines. */
  events: ProtocolEvent[]
  /** Whether the client cancelled it (`cancelAfter`). */
  cancelled: boolean
  /** The thread the stream was about (`params.thread_id`, or the one `thread.created` named). */
  threadId: string | undefined
  /** Items added and not yet done or removed when the stream ended: a cancelled stream's partial ones. */
  pendingItemIds: string[]
  /** What the rebuilder could not apply (an update for an unknown item, a malformed event). */
  problems: string[]
}

/** A headless ChatKit client: the requests ChatKit's web component sends, and what it would rebuild. */
export interface ChatKitProtocolClient {
  /** POSTs `{ type, params }` and returns the raw response. */
  send: (type: string, params?: Record<string, unknown>, init?: { signal?: AbortSignal }) => Promise<Response>
  /** A JSON request's parsed answer; a {@link ChatKitProtocolError} for anything but a 200 JSON answer. */
  json: <T = unknown>(type: string, params?: Record<string, unknown>) => Promise<T>
  /** A streaming request, read event by event into the rebuilt threads. */
  stream: (
    type: string,
    params?: Record<string, unknown>,
    options?: ProtocolStreamOptions,
  ) => Promise<ProtocolStream>
  /** The server's view of a thread: `threads.get_by_id`, then every page of `items.list` (oldest first). */
  loadThread: (threadId: string) => Promise<RebuiltThread>
  /** The threads rebuilt from every stream so far, by id. */
  readonly threads: ReadonlyMap<string, RebuiltThread>
}

/**
 * Creates a headless ChatKit protocol client: it POSTs requests as ChatKit's web component does
 * (JSON, with the token of `getToken`), parses streamed answers with `eventsource-parser`, and
 * rebuilds each thread from the events (`thread.created`/`updated`, items added, updated, done,
 * removed, replaced, content-part deltas). Pair it with the checks (`checkItemLifecycle`,
 * `findHiddenItems`, `compareWithServer`) to test any ChatKit server over HTTP.
 *
 * @example
 * const client = createChatKitProtocolClient({ url: `${origin}/api/chatkit`, getToken })
 * const { events, threadId } = await client.stream('threads.create', { input })
 * expect(checkItemLifecycle(events)).toEqual([])
 * expect(await compareWithServer(client, threadId)).toEqual([])
 */
export function createChatKitProtocolClient(options: ChatKitProtocolClientOptions): ChatKitProtocolClient {
  const { url, getToken, pageSize = 50 } = options
  if (typeof url !== 'string' || url === '') throw new TypeError('url: must be the ChatKit server endpoint')
  const rebuilder = new ThreadRebuilder()

  const send: ChatKitProtocolClient['send'] = async (type, params = {}, init = {}) => {
    const headers = new Headers({ 'content-type': 'application/json' })
    if (getToken) headers.set('authorization', `Bearer ${await getToken()}`)
    const request = { method: 'POST', headers, body: JSON.stringify({ type, params }), signal: init.signal }
    return (options.fetch ?? globalThis.fetch)(url, request)
  }

  const json: ChatKitProtocolClient['json'] = async <T>(type: string, params?: Record<string, unknown>) => {
    const response = await send(type, params)
    const body = await response.text()
    if (
      response.status !== 200 ||
      !(response.headers.get('content-type') ?? '').startsWith('application/json')
    ) {
      throw new ChatKitProtocolError(response.status, body, `${type} answered ${response.status}, not JSON`)
    }
    return JSON.parse(body) as T
  }

  const stream: ChatKitProtocolClient['stream'] = async (type, params = {}, streamOptions = {}) => {
    const abort = new AbortController()
    const response = await send(type, params, { signal: abort.signal })
    if (response.status === 200) rebuilder.applyRequest(type, params)
    if (
      response.status !== 200 ||
      !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')
    ) {
      const body = await response.text()
      throw new ChatKitProtocolError(
        response.status,
        body,
        `${type} answered ${response.status}, not a stream`,
      )
    }
    const result: ProtocolStream = {
      events: [],
      cancelled: false,
      threadId: typeof params.thread_id === 'string' ? params.thread_id : undefined,
      pendingItemIds: [],
      problems: [],
    }
    const pending = new Set<string>()
    const parser = createParser({
      onEvent: (message) => {
        if (result.cancelled) return
        let event: ProtocolEvent
        try {
          event = JSON.parse(message.data) as ProtocolEvent
        } catch {
          result.problems.push(`event ${result.events.length} is not JSON`)
          return
        }
        result.events.push(event)
        const applied = rebuilder.apply(event, result.threadId)
        result.threadId = applied.threadId
        if (applied.problem !== undefined) result.problems.push(applied.problem)
        const item = event.item as { id?: unknown } | undefined
        if (event.type === 'thread.item.added' && typeof item?.id === 'string') pending.add(item.id)
        if (event.type === 'thread.item.done' && typeof item?.id === 'string') pending.delete(item.id)
        if (event.type === 'thread.item.removed' && typeof event.item_id === 'string')
          pending.delete(event.item_id)
        if (streamOptions.cancelAfter?.(event, result.events.length - 1)) {
          result.cancelled = true
          abort.abort()
        }
      },
      onError: (error) => result.problems.push(`the stream is not well-formed SSE: ${error.type}`),
    })
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        parser.feed(decoder.decode(value, { stream: true }))
        if (result.cancelled) break
      }
    } catch (error) {
      if (!result.cancelled) throw error
    } finally {
      if (result.cancelled) await reader.cancel().catch(() => {})
    }
    result.pendingItemIds = [...pending]
    return result
  }

  const loadThread: ChatKitProtocolClient['loadThread'] = async (threadId) => {
    const thread = await json<Record<string, unknown>>('threads.get_by_id', { thread_id: threadId })
    const items: unknown[] = []
    let after: string | undefined
    for (;;) {
      const page = await json<{ data?: unknown[]; has_more?: boolean; after?: string }>('items.list', {
        thread_id: threadId,
        order: 'asc',
        limit: pageSize,
        ...(after === undefined ? {} : { after }),
      })
      items.push(...(page.data ?? []))
      if (page.has_more !== true || page.after === undefined) break
      after = page.after
    }
    // A separate rebuilder: the server's view must not overwrite what the client rebuilt.
    return new ThreadRebuilder().load({ ...thread, items: { data: items } })
  }

  return { send, json, stream, loadThread, threads: rebuilder.threads }
}
