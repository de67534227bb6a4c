import { MAX_RECORDED_REQUESTS, appendBounded } from './boundedLog.ts'
import { DroppedConnectionError } from './droppedConnectionError.ts'
import { jsonResponse } from './openAIErrorResponse.ts'
import { sleep } from './sleep.ts'

/** A log entry as a fake server records it: what its answer says, and when it was ready. */
export type Timed<Entry> = Entry & {
  /** The fake server's clock when the answer was ready, in milliseconds. */
  at: number
}

/** How a fake server answers one request, decided when the request arrives. */
export interface FakeServerArrival<Entry> {
  /** The delay before answering, in milliseconds (a `setTimeout`, so fake timers control it). */
  latencyMs: number
  /**
   * The answer, after the delay, and what the log records of it. A `response` of `null` drops
   * the connection: `handle` rejects with a {@link DroppedConnectionError}, once it is logged.
   */
  answer: () => Promise<{ response: Response | null; entry: Entry }>
}

/** The options every fake server shares with its caller (the emulator, the stand-in), passed through. */
export interface FakeServerSettings<Entry> {
  /**
   * The clock of the log, in milliseconds.
   * @default Date.now
   */
  now?: () => number
  /**
   * Serve the control routes.
   * @default false
   */
  control?: boolean
  /**
   * Called after every request with what the log records.
   * @default undefined
   */
  onRequest?: (entry: Timed<Entry>) => void
}

/** What sets a fake server apart; {@link createFakeServer} adds what every fake server shares. */
export interface FakeServerParts<Entry> {
  /** The path segment of the control routes, such as `__emulator`; they match under any prefix. */
  controlSegment: string
  /**
   * Answers the control routes other than `GET /requests` and `POST /reset`, given the route's
   * `METHOD /route` (no trailing slash; the bare prefix is `/state`) and the route itself.
   */
  control: (request: Request, key: string, route: string) => Promise<Response>
  /**
   * The answer to a control path while the control routes are off (`control: false`).
   * @default undefined (the path is served like any other)
   */
  controlOff?: (request: Request, path: string) => Response
  /** Takes a request in, when it arrives: how long to wait, then how to answer. */
  arrive: (request: Request, path: string) => FakeServerArrival<Entry>
  /** Puts the fake server's own state back as its options built it; `reset` also clears the log. */
  restore: () => void
}

/** What the emulator and the ChatKit server stand-in share: one handler, its `fetch`, its log. */
export interface FakeServer<Entry> {
  /** The one request handler: control routes, then the delay, the answer and the log. */
  handle: (request: Request) => Promise<Response>
  /** `handle` as an in-process `fetch`, with no socket. */
  fetch: typeof fetch
  /** The last {@link MAX_RECORDED_REQUESTS} requests answered, oldest first (a live array). */
  requests: Timed<Entry>[]
  /** Clears the log and restores the rest (`restore`); `POST /reset` calls it. */
  reset: () => void
}

/**
 * The skeleton of a fake server: its `/__{segment}/*` control routes (with the log and reset
 * routes every one has), the delay before each answer, the bounded request log and `onRequest`,
 * and the in-process `fetch`. The emulator and the stand-in each bring their answers.
 */
export function createFakeServer<Entry>(
  settings: FakeServerSettings<Entry>,
  parts: FakeServerParts<Entry>,
): FakeServer<Entry> {
  const { now = Date.now, control = false, onRequest } = settings
  const { controlOff, arrive, restore } = parts
  const controlPath = new RegExp(`/${parts.controlSegment}(/.*)?$`)
  const requests: Timed<Entry>[] = []
  const reset = () => {
    requests.length = 0
    restore()
  }

  const answerControl = async (request: Request, route: string): Promise<Response> => {
    const key = `${request.method} ${route.replace(/\/$/, '') || '/state'}`
    if (key === 'GET /requests') return jsonResponse(200, { data: requests })
    if (key === 'POST /reset') {
      reset()
      return jsonResponse(200, { reset: true })
    }
    return parts.control(request, key, route)
  }

  const handle = async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url)
    const controlMatch = controlPath.exec(pathname)
    if (controlMatch && control) return answerControl(request, controlMatch[1] ?? '/')
    if (controlMatch && controlOff) return controlOff(request, pathname)
    const { latencyMs, answer } = arrive(request, pathname)
    await sleep(latencyMs, request.signal)
    const { response, entry } = await answer()
    const recorded: Timed<Entry> = { ...entry, at: now() }
    appendBounded(requests, recorded, MAX_RECORDED_REQUESTS)
    onRequest?.(recorded)
    if (response === null) throw new DroppedConnectionError()
    return response
  }

  return { handle, fetch: (input, init) => handle(new Request(input, init)), requests, reset }
}
