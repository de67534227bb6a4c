import type { JsonRequest } from '../chatKitRequest.ts'
import { DEFAULT_PAGE_SIZE } from '../chatKitServerOptions.ts'
import { toWireThread } from '../toWire.ts'
import { isHiddenItem } from '../types.ts'
import { found } from './refusal.ts'
import type { ServerCore } from './serverCore.ts'

/** The requests on threads themselves. */
export type ThreadRequest = Extract<
  JsonRequest,
  { type: 'threads.get_by_id' | 'threads.list' | 'threads.update' | 'threads.delete' }
>

/** `threads.get_by_id`, `threads.list`, `threads.update` and `threads.delete`. */
export async function answerThreadRequest<TContext>(
  { store }: ServerCore<TContext>,
  request: ThreadRequest,
  context: TContext,
): Promise<unknown> {
  switch (request.type) {
    case 'threads.get_by_id': {
      const thread = await found(store.loadThread(request.params.thread_id, context), 'params.thread_id')
      const items = await store.loadThreadItems(
        thread.id,
        { after: null, limit: DEFAULT_PAGE_SIZE, order: 'asc' },
        context,
      )
      return toWireThread(thread, { ...items, data: items.data.filter((item) => !isHiddenItem(item)) })
    }
    case 'threads.list': {
      const { limit, after, order } = request.params
      // A store may refuse a cursor that names no record (chatkit-python's own test store does).
      const page = await found(
        store.loadThreads({ limit: limit || DEFAULT_PAGE_SIZE, after: after ?? null, order }, context),
        'params.after',
      )
      return { ...page, data: page.data.map((thread) => toWireThread(thread)) }
    }
    case 'threads.update': {
      const thread = await found(store.loadThread(request.params.thread_id, context), 'params.thread_id')
      thread.title = request.params.title
      await store.saveThread(thread, context)
      return toWireThread(thread)
    }
    case 'threads.delete': {
      await found(store.loadThread(request.params.thread_id, context), 'params.thread_id')
      await store.deleteThread(request.params.thread_id, context)
      return {}
    }
  }
}
