import type { JsonRequest } from '../chatKitRequest.ts'
import { DEFAULT_PAGE_SIZE } from '../chatKitServerOptions.ts'
import { NotFoundError } from '../store.ts'
import { toWireItem } from '../toWire.ts'
import { isHiddenItem } from '../types.ts'
import { found } from './refusal.ts'
import type { ServerCore } from './serverCore.ts'

/** The requests on a thread's items. */
export type ItemRequest = Extract<JsonRequest, { type: 'items.list' | 'items.feedback' }>

/** `items.list` (hidden items left out) and `items.feedback` (passed to the app's addFeedback). */
export async function answerItemRequest<TContext>(
  { store, options }: ServerCore<TContext>,
  request: ItemRequest,
  context: TContext,
): Promise<unknown> {
  switch (request.type) {
    case 'items.list': {
      const { thread_id, limit, after, order } = request.params
      await found(store.loadThread(thread_id, context), 'params.thread_id')
      const page = await found(
        store.loadThreadItems(
          thread_id,
          { limit: limit || DEFAULT_PAGE_SIZE, after: after ?? null, order },
          context,
        ),
        'params.after',
      )
      return { ...page, data: page.data.filter((item) => !isHiddenItem(item)).map(toWireItem) }
    }
    case 'items.feedback': {
      const { thread_id, item_ids, kind } = request.params
      if (!options.addFeedback) return {}
      await found(store.loadThread(thread_id, context), 'params.thread_id')
      // Only the thread's own items: an id from elsewhere (another user's) is not passed on.
      const own = await Promise.all(
        item_ids.map((itemId) =>
          store.loadItem(thread_id, itemId, context).then(
            () => itemId,
            (error: unknown) => {
              if (error instanceof NotFoundError) return undefined
              throw error
            },
          ),
        ),
      )
      await options.addFeedback(
        thread_id,
        own.filter((itemId) => itemId !== undefined),
        kind,
        context,
      )
      return {}
    }
  }
}
