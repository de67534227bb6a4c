import type { ThreadStreamEvent } from './events.ts'
import { toWireJson } from './toWire.ts'

/**
 * The events as Server-Sent Events bytes, one `data: <json>\n\n` frame each, pulled one at a
 * time as the reader asks. Cancelling the stream, or aborting `signal` (the client went away),
 * aborts the signal `makeEvents` received and finishes the events through their `return()`, so
 * their cancellation handling runs; a cancel resolves once it is done.
 */
export function eventStream(
  makeEvents: (signal: AbortSignal) => AsyncGenerator<ThreadStreamEvent>,
  signal: AbortSignal | undefined,
  onError: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  const abort = new AbortController()
  const events = makeEvents(abort.signal)
  const encoder = new TextEncoder()
  let open = true
  let onAbort = () => {}
  /** The stream is over: a later abort of the request has nothing left to stop. */
  const end = () => {
    open = false
    signal?.removeEventListener('abort', onAbort)
  }
  const finish = async () => {
    abort.abort()
    try {
      await events.return(undefined)
    } catch (error) {
      onError(error)
    }
  }
  return new ReadableStream<Uint8Array>({
    start(controller) {
      onAbort = () =>
        void finish().then(() => {
          if (!open) return
          end()
          controller.close()
        })
      if (signal?.aborted) onAbort()
      else signal?.addEventListener('abort', onAbort, { once: true })
    },
    async pull(controller) {
      try {
        const step = await events.next()
        if (!open) return
        if (step.done) {
          end()
          controller.close()
        } else controller.enqueue(encoder.encode(`data: ${toWireJson(step.value)}\n\n`))
      } catch (error) {
        onError(error)
        if (!open) return
        end()
        controller.error(error)
      }
    },
    async cancel() {
      end()
      await finish()
    },
  })
}
