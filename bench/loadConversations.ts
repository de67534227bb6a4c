import { setMaxListeners } from 'node:events'
import { Agent, request, type Dispatcher } from 'undici'

// The capacity bench's load generator: N ChatKit conversations at once over real HTTP, each a
// `threads.create` and then user messages at a set period, every Server-Sent Event read and
// timed. Bounded in count (conversations x messages) and in time (`deadlineMs` aborts what is
// left), it stops by itself. Its HTTP client is undici's.

/** A user of the load, with a token the servers accept. */
export interface LoadUser {
  userId: string
  token: string
}

/** Options of {@link loadConversations}. */
export interface LoadConversationsOptions {
  /** ChatKit endpoints on 127.0.0.1: conversation `i` talks to `urls[i % urls.length]`. */
  urls: readonly string[]
  /** Users, each owning a consecutive share of the conversations (so each talks to every URL). */
  users: readonly LoadUser[]
  /** Conversations held at once. */
  conversations: number
  /**
   * Messages per conversation: a `threads.create`, then `threads.add_user_message`s.
   * @default 3
   */
  messages?: number
  /**
   * Milliseconds from one message of a conversation to its next (sent when the reply is over,
   * if that is later).
   * @default 3000
   */
  messagePeriodMs?: number
  /**
   * The conversations start evenly spread over this many milliseconds.
   * @default messagePeriodMs
   */
  rampMs?: number
  /** After this many milliseconds whatever is still running is aborted and counted as errors. */
  deadlineMs: number
  /** The whole text every reply must end with (the responder's). */
  expectReply: string
  /**
   * The HTTP client.
   * @default a new undici Agent with no connection limit, closed at the end
   */
  dispatcher?: Dispatcher
}

/** One reply stream, timed from the request being sent (milliseconds). */
export interface StreamTiming {
  firstEventMs: number
  /** The longest wait between two events of the stream. */
  maxGapMs: number
  events: number
}

/** One conversation: whose it was, where it ran, and what it got. */
export interface ConversationResult {
  userId: string
  url: string
  /** The thread `threads.create` made, if it got that far. */
  threadId: string | undefined
  /** The final text of each reply that came whole. */
  replies: string[]
}

/** What the load did. */
export interface LoadResult {
  streams: StreamTiming[]
  conversations: ConversationResult[]
  /** Failures by reason (`status 500`, `incomplete reply`, `aborted`, an error code). */
  errors: Record<string, number>
  /** Events read, all streams together (failed ones too). */
  events: number
  /** From the first request sent to the last stream ended. */
  durationMs: number
}

class LoadFailure extends Error {}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost'])

interface SseEvent {
  type?: string
  thread?: { id?: string }
  item?: { type?: string; content?: { text?: string }[] }
  update?: { type?: string; delta?: string }
}

/** `threads.create` or `threads.add_user_message` with a short text. */
function userMessage(threadId: string | undefined, n: number): string {
  const input = {
    content: [{ type: 'input_text', text: `message ${n}` }],
    attachments: [],
    inference_options: {},
  }
  return JSON.stringify(
    threadId === undefined
      ? { type: 'threads.create', params: { input } }
      : { type: 'threads.add_user_message', params: { input, thread_id: threadId } },
  )
}

/** POSTs a ChatKit request with `token`, answering the status and the response body. */
function post(url: string, token: string, body: string, dispatcher: Dispatcher, signal?: AbortSignal) {
  return request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
    dispatcher,
    signal,
  })
}

/**
 * Sends a JSON ChatKit request (`threads.list`, `items.list`, ...) and answers its status and
 * parsed body.
 */
export async function chatKitJson(
  url: string,
  token: string,
  body: unknown,
  dispatcher: Dispatcher,
): Promise<{ status: number; json: unknown }> {
  const response = await post(url, token, JSON.stringify(body), dispatcher)
  return { status: response.statusCode, json: await response.body.json() }
}

/** Streams one message's reply, reading every event; throws a LoadFailure for a bad one. */
async function streamReply(
  url: string,
  token: string,
  body: string,
  expectReply: string,
  dispatcher: Dispatcher,
  signal: AbortSignal,
  tally: { events: number },
): Promise<StreamTiming & { threadId: string | undefined; reply: string }> {
  const start = performance.now()
  const response = await post(url, token, body, dispatcher, signal)
  if (response.statusCode !== 200) {
    await response.body.dump()
    throw new LoadFailure(`status ${response.statusCode}`)
  }
  response.body.setEncoding('utf8')
  let buffer = ''
  let events = 0
  let firstEventMs = -1
  let last = 0
  let maxGapMs = 0
  let threadId: string | undefined
  let deltas = ''
  let final: string | undefined
  let failed = false
  for await (const chunk of response.body as AsyncIterable<string>) {
    const at = performance.now()
    buffer += chunk
    for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
      const frame = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      if (!frame.startsWith('data: ')) continue
      events += 1
      tally.events += 1
      if (firstEventMs < 0) firstEventMs = at - start
      else maxGapMs = Math.max(maxGapMs, at - last)
      last = at
      const event = JSON.parse(frame.slice(6)) as SseEvent
      if (event.type === 'thread.created') threadId = event.thread?.id
      else if (event.type === 'error') failed = true
      else if (event.update?.type === 'assistant_message.content_part.text_delta')
        deltas += event.update.delta ?? ''
      else if (event.type === 'thread.item.done' && event.item?.type === 'assistant_message')
        final = event.item.content?.map((part) => part.text ?? '').join('')
    }
  }
  if (failed) throw new LoadFailure('error event')
  if (final !== expectReply || deltas !== expectReply) throw new LoadFailure('incomplete reply')
  return { firstEventMs, maxGapMs, events, threadId, reply: final }
}

function reasonOf(error: unknown): string {
  if (error instanceof LoadFailure) return error.message
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code
    return typeof code === 'string' ? code : error.name
  }
  return 'unknown'
}

/**
 * Holds `conversations` ChatKit conversations at once against `urls`, and answers every
 * stream's timings, what each conversation got, and the failures by reason. A conversation
 * stops at its first failure. Nothing is retried.
 */
export async function loadConversations(options: LoadConversationsOptions): Promise<LoadResult> {
  const { urls, users, conversations, deadlineMs, expectReply } = options
  const messages = options.messages ?? 3
  const period = options.messagePeriodMs ?? 3000
  const ramp = options.rampMs ?? period
  if (urls.length === 0 || users.length === 0) throw new TypeError('urls and users: give at least one')
  // A load generator points at this machine only.
  if (!urls.every((url) => LOOPBACK.has(new URL(url).hostname)))
    throw new TypeError('urls: only 127.0.0.1, ::1 or localhost')
  const dispatcher = options.dispatcher ?? new Agent({ connections: null, pipelining: 1 })
  const deadline = AbortSignal.timeout(deadlineMs)
  // Every open request listens to it.
  setMaxListeners(0, deadline)
  const streams: StreamTiming[] = []
  const errors: Record<string, number> = {}
  const tally = { events: 0 }
  const start = performance.now()
  let end = start

  const converse = async (i: number): Promise<ConversationResult> => {
    const user = users[Math.floor((i * users.length) / conversations)] ?? users[0]
    const url = urls[i % urls.length] ?? urls[0]
    if (!user || !url) throw new TypeError('no user or url')
    const result: ConversationResult = { userId: user.userId, url, threadId: undefined, replies: [] }
    const offset = (ramp * i) / conversations
    try {
      for (let n = 0; n < messages; n += 1) {
        const wait = start + offset + n * period - performance.now()
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
        if (deadline.aborted) throw new LoadFailure('aborted')
        const stream = await streamReply(
          url,
          user.token,
          userMessage(result.threadId, n),
          expectReply,
          dispatcher,
          deadline,
          tally,
        )
        result.threadId ??= stream.threadId
        result.replies.push(stream.reply)
        streams.push({ firstEventMs: stream.firstEventMs, maxGapMs: stream.maxGapMs, events: stream.events })
        end = Math.max(end, performance.now())
      }
    } catch (error) {
      end = Math.max(end, performance.now())
      const reason = deadline.aborted ? 'aborted' : reasonOf(error)
      errors[reason] = (errors[reason] ?? 0) + 1
    }
    return result
  }

  try {
    const results = await Promise.all(Array.from({ length: conversations }, (_, i) => converse(i)))
    return { streams, conversations: results, errors, events: tally.events, durationMs: end - start }
  } finally {
    if (!options.dispatcher) await dispatcher.close()
  }
}
