import type { ThreadStreamEvent } from '../events.ts'
import { ChatKitContextError } from './chatKitContextError.ts'

/** An event a tool streamed through its run context, as the merged stream carries it. */
export class QueuedEvent {
  constructor(readonly event: ThreadStreamEvent) {}
}

/**
 * The events a run's tools stream beside the run (widgets), until the run's stream ends. Pushing
 * never waits: the events wait here until the stream reads them.
 */
export interface AgentEventQueue {
  /** Aborted, with a `run_ended` {@link ChatKitContextError}, once the queue is closed. */
  readonly signal: AbortSignal
  /** Adds an event; throws `run_ended` once the queue is closed. */
  push(event: ThreadStreamEvent): void
  /** Takes no more events; those waiting can still be taken. */
  close(): void
  /** How many events wait. */
  readonly size: number
  /** The events waiting, oldest first, taken out. */
  take(): ThreadStreamEvent[]
  /** Settles when an event waits or the queue is closed. */
  ready(): Promise<undefined>
}

/** A new, open {@link AgentEventQueue}. */
export function createAgentEventQueue(): AgentEventQueue {
  const waiting: ThreadStreamEvent[] = []
  const abort = new AbortController()
  let wake: (() => void) | undefined
  let ready: Promise<undefined> | undefined
  const notify = () => {
    const resolve = wake
    wake = undefined
    ready = undefined
    resolve?.()
  }
  return {
    signal: abort.signal,
    push(event) {
      if (abort.signal.aborted) throw new ChatKitContextError('run_ended', 'The run’s stream has ended.')
      waiting.push(event)
      notify()
    },
    close() {
      if (!abort.signal.aborted)
        abort.abort(new ChatKitContextError('run_ended', 'The run’s stream has ended.'))
      notify()
    },
    get size() {
      return waiting.length
    },
    take: () => waiting.splice(0),
    ready() {
      if (waiting.length > 0 || abort.signal.aborted) return Promise.resolve(undefined)
      ready ??= new Promise<undefined>((resolve) => {
        wake = () => resolve(undefined)
      })
      return ready
    },
  }
}

/**
 * The run's events and the queue's, in the order they came: events waiting in the queue go
 * before the run's next one, so what a tool streamed comes out before the tool's output. Ends
 * with the run (the queue's leftovers are the caller's to take). A run step that is pending
 * when the merge is closed is not awaited: the run is stopped by its own signal.
 */
export async function* mergeAgentEvents<T>(
  run: AsyncIterable<T>,
  queue: AgentEventQueue,
): AsyncGenerator<T | QueuedEvent> {
  const iterator = run[Symbol.asyncIterator]()
  let pending: Promise<IteratorResult<T>> | undefined
  let finished = false
  try {
    for (;;) {
      if (queue.size > 0) for (const event of queue.take()) yield new QueuedEvent(event)
      pending ??= iterator.next()
      const step = queue.signal.aborted ? await pending : await Promise.race([pending, queue.ready()])
      if (step === undefined) continue
      pending = undefined
      if (step.done) {
        finished = true
        return
      }
      if (queue.size > 0) for (const event of queue.take()) yield new QueuedEvent(event)
      yield step.value
    }
  } finally {
    pending?.catch(() => undefined)
    if (!finished) void Promise.resolve(iterator.return?.()).catch(() => undefined)
  }
}
