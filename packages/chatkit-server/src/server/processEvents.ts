import { applyItemUpdate } from '../applyItemUpdate.ts'
import type { ChatKitRequestType } from '../chatKitRequest.ts'
import { CANCELLED_CONTENT } from '../chatKitServerOptions.ts'
import type { ErrorEvent, ThreadStreamEvent } from '../events.ts'
import { CustomStreamError, StreamError } from '../streamError.ts'
import { toWireEvent, toWireThread } from '../toWire.ts'
import { isHiddenItem, type ThreadItem, type ThreadMetadata } from '../types.ts'
import type { ServerCore } from './serverCore.ts'

const ABORTED = Symbol('aborted')

/**
 * The iterator's next steps, each rejected with ABORTED as soon as `signal` aborts. One abort
 * listener for the whole stream, not one per event: this is the stream's hot path.
 */
function stepsUnlessAborted<T>(
  iterator: AsyncIterator<T>,
  signal: AbortSignal,
): { next(): Promise<IteratorResult<T>>; release(): void } {
  let rejectStep: ((reason: unknown) => void) | undefined
  const onAbort = () => rejectStep?.(ABORTED)
  signal.addEventListener('abort', onAbort, { once: true })
  return {
    next() {
      if (signal.aborted) return Promise.reject(ABORTED)
      return new Promise((resolve, reject) => {
        rejectStep = reject
        iterator.next().then(resolve, reject)
      })
    },
    release: () => signal.removeEventListener('abort', onAbort),
  }
}

function errorEvent(error: unknown): ErrorEvent {
  if (error instanceof CustomStreamError)
    return { type: 'error', code: 'custom', message: error.message, allow_retry: error.allowRetry }
  if (error instanceof StreamError) return { type: 'error', code: error.code, allow_retry: error.allowRetry }
  return { type: 'error', code: 'stream.error', allow_retry: true }
}

/** Asks an iterator to finish, ignoring what it answers or throws. */
function closeQuietly(iterator: AsyncIterator<unknown> | undefined): void {
  try {
    iterator?.return?.()?.catch(() => undefined)
  } catch {
    // A synchronous throw from a hand-written iterator: nothing more to close.
  }
}

/** The default of handleStreamCancelled: keep the partial answers, tell the model it was stopped. */
async function saveCancelled<TContext>(
  { store, now }: ServerCore<TContext>,
  thread: ThreadMetadata,
  pending: ThreadItem[],
  context: TContext,
) {
  for (const item of pending) {
    if (item.type !== 'assistant_message') continue
    if (item.content.some((part) => part.text.trim() !== ''))
      await store.addThreadItem(thread.id, item, context)
  }
  await store.addThreadItem(
    thread.id,
    {
      type: 'sdk_hidden_context',
      id: store.generateItemId('sdk_hidden_context', thread, context),
      thread_id: thread.id,
      created_at: now(),
      content: CANCELLED_CONTENT,
    },
    context,
  )
}

/**
 * The stream_options event, then the source's events, each saved as Python saves it (items on
 * `.done` and `.replaced`, deletions on `.removed`), hidden items swallowed, the thread saved
 * and announced when it changed, errors turned into an `error` event, and on cancellation the
 * pending items handed to handleStreamCancelled.
 */
export async function* processEvents<TContext>(
  core: ServerCore<TContext>,
  thread: ThreadMetadata,
  context: TContext,
  source: () => AsyncIterable<ThreadStreamEvent>,
  signal: AbortSignal,
  type: ChatKitRequestType,
): AsyncGenerator<ThreadStreamEvent> {
  const { options, store } = core
  yield {
    type: 'stream_options',
    stream_options: options.getStreamOptions?.(thread, context) ?? { allow_cancel: true },
  }
  let last = JSON.stringify(thread)
  /** Whether the thread changed since it was last saved: a plain check, run after every event. */
  const threadChanged = () => {
    const current = JSON.stringify(thread)
    if (current === last) return false
    last = current
    return true
  }
  async function* threadUpdated(): AsyncGenerator<ThreadStreamEvent> {
    await store.saveThread(thread, context)
    yield { type: 'thread.updated', thread: toWireThread(thread) }
  }
  const pending = new Map<string, ThreadItem>()
  let settled = false
  let exhausted = false
  let iterator: AsyncIterator<ThreadStreamEvent> | undefined
  let steps: ReturnType<typeof stepsUnlessAborted<ThreadStreamEvent>> | undefined
  try {
    iterator = source()[Symbol.asyncIterator]()
    steps = stepsUnlessAborted(iterator, signal)
    for (;;) {
      const step = await steps.next()
      if (step.done) {
        exhausted = true
        break
      }
      const event = step.value
      let hidden = false
      switch (event.type) {
        case 'thread.item.added':
          pending.set(event.item.id, structuredClone(event.item))
          hidden = isHiddenItem(event.item)
          break
        case 'thread.item.done':
          await store.addThreadItem(thread.id, event.item, context)
          pending.delete(event.item.id)
          hidden = isHiddenItem(event.item)
          break
        case 'thread.item.removed':
          await store.deleteThreadItem(thread.id, event.item_id, context)
          pending.delete(event.item_id)
          break
        case 'thread.item.replaced':
          await store.saveItem(thread.id, event.item, context)
          pending.delete(event.item.id)
          hidden = isHiddenItem(event.item)
          break
        case 'thread.item.updated': {
          const item = pending.get(event.item_id)
          if (item) applyItemUpdate(item, event.update)
          break
        }
        case 'thread.updated':
          // The app announced new thread fields: take them, so they are saved below.
          if (event.thread.id === thread.id) {
            thread.title = event.thread.title
            thread.status = event.thread.status
            thread.allowed_image_domains = event.thread.allowed_image_domains
          }
          hidden = true
          break
      }
      if (!hidden) yield toWireEvent(event)
      if (threadChanged()) yield* threadUpdated()
    }
    settled = true
  } catch (error) {
    if (error !== ABORTED) {
      settled = true
      if (!(error instanceof StreamError || error instanceof CustomStreamError)) core.onError(error, { type })
      yield errorEvent(error)
    }
  } finally {
    steps?.release()
    // Whenever the app's iterable did not finish by itself (cancelled, or a store write failed
    // mid-stream), close it without waiting for a model call to notice: its `finally` runs
    // and an agent run stops, instead of going on unread.
    if (!exhausted) closeQuietly(iterator)
    if (!settled) {
      // Cancelled: keep what was streamed.
      const pendingItems = [...pending.values()]
      const saveDefault = () => saveCancelled(core, thread, pendingItems, context)
      if (options.handleStreamCancelled)
        await options.handleStreamCancelled(thread, pendingItems, context, saveDefault)
      else await saveDefault()
    }
  }
  if (threadChanged()) yield* threadUpdated()
}
