import type { StreamingRequest } from '../chatKitRequest.ts'
import { DEFAULT_PAGE_SIZE } from '../chatKitServerOptions.ts'
import type { ThreadStreamEvent } from '../events.ts'
import { toWireItem, toWireThread } from '../toWire.ts'
import type { ThreadItem, ThreadMetadata, UserMessageInput, UserMessageItem } from '../types.ts'
import { processEvents } from './processEvents.ts'
import { invalidRequest, found, notFound } from './refusal.ts'
import type { ServerCore } from './serverCore.ts'
import { respondWith, type PreparedStream } from './respondWith.ts'

/** The requests that carry, or replay, a user message. */
export type MessageRequest = Extract<
  StreamingRequest,
  { type: 'threads.create' | 'threads.add_user_message' | 'threads.retry_after_item' }
>

/** The user message item for `input`, its attachments loaded (another user's read as missing). */
async function userMessage<TContext>(
  { store, now }: ServerCore<TContext>,
  input: UserMessageInput,
  thread: ThreadMetadata,
  context: TContext,
): Promise<UserMessageItem> {
  const attachments = await Promise.all(
    input.attachments.map(async (id, index) => ({
      ...(await found(store.loadAttachment(id, context), `params.input.attachments.${index}`)),
      thread_id: thread.id,
    })),
  )
  return {
    type: 'user_message',
    id: store.generateItemId('message', thread, context),
    thread_id: thread.id,
    created_at: now(),
    content: input.content,
    attachments,
    quoted_text: input.quoted_text,
    inference_options: input.inference_options,
  }
}

/** Saves the user message and its attachments, then streams the answer. */
async function* respondTo<TContext>(
  core: ServerCore<TContext>,
  thread: ThreadMetadata,
  item: UserMessageItem,
  context: TContext,
  signal: AbortSignal,
  request: MessageRequest,
): AsyncGenerator<ThreadStreamEvent> {
  const { store } = core
  for (const attachment of item.attachments) await store.saveAttachment(attachment, context)
  await store.addThreadItem(thread.id, item, context)
  yield { type: 'thread.item.done', item: toWireItem(item) }
  yield* processEvents(
    core,
    thread,
    context,
    respondWith(core, request, thread, item, context, signal),
    signal,
    request.type,
  )
}

/** The user message `item_id` names, and the items after it (newest first), to be dropped. */
async function findRetryTarget<TContext>(
  { store }: ServerCore<TContext>,
  threadId: string,
  itemId: string,
  context: TContext,
): Promise<{ target: UserMessageItem; newer: ThreadItem[] }> {
  const newer: ThreadItem[] = []
  let after: string | null = null
  for (;;) {
    const page = await store.loadThreadItems(
      threadId,
      { after, limit: DEFAULT_PAGE_SIZE, order: 'desc' },
      context,
    )
    for (const item of page.data) {
      if (item.id === itemId) {
        if (item.type !== 'user_message')
          throw invalidRequest('params.item_id', 'the item is not a user message')
        return { target: item, newer }
      }
      newer.push(item)
    }
    if (!page.has_more || page.after === null) throw notFound('params.item_id')
    after = page.after
  }
}

/**
 * `threads.create`, `threads.add_user_message` and `threads.retry_after_item`: checks what the
 * request names (a 404 before any byte is streamed), then streams the app's answer.
 */
export async function prepareMessageRequest<TContext>(
  core: ServerCore<TContext>,
  request: MessageRequest,
  context: TContext,
): Promise<PreparedStream> {
  const { store, now } = core
  switch (request.type) {
    case 'threads.create': {
      const thread: ThreadMetadata = {
        id: store.generateThreadId(context),
        created_at: now(),
        status: { type: 'active' },
        metadata: {},
      }
      const item = await userMessage(core, request.params.input, thread, context)
      return async function* (signal) {
        await store.saveThread(thread, context)
        yield { type: 'thread.created', thread: toWireThread(thread) }
        yield* respondTo(core, thread, item, context, signal, request)
      }
    }
    case 'threads.add_user_message': {
      const thread = await found(store.loadThread(request.params.thread_id, context), 'params.thread_id')
      const item = await userMessage(core, request.params.input, thread, context)
      return (signal) => respondTo(core, thread, item, context, signal, request)
    }
    case 'threads.retry_after_item': {
      const { thread_id, item_id } = request.params
      const thread = await found(store.loadThread(thread_id, context), 'params.thread_id')
      const { target, newer } = await findRetryTarget(core, thread_id, item_id, context)
      return async function* (signal) {
        for (const item of newer) await store.deleteThreadItem(thread_id, item.id, context)
        yield* processEvents(
          core,
          thread,
          context,
          respondWith(core, request, thread, target, context, signal),
          signal,
          request.type,
        )
      }
    }
  }
}
