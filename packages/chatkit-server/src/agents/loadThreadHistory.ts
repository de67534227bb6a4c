import type { Store } from '../store.ts'
import type { ThreadItem } from '../types.ts'

/**
 * The thread's most recent `limit` items, hidden ones included, oldest first: the history an
 * agent reads. Pages through the store newest first, so a long thread costs `limit` items.
 */
export async function loadThreadHistory<TContext>(
  store: Store<TContext>,
  threadId: string,
  context: TContext,
  limit: number,
): Promise<ThreadItem[]> {
  const newestFirst: ThreadItem[] = []
  let after: string | null = null
  while (newestFirst.length < limit) {
    const page = await store.loadThreadItems(
      threadId,
      { after, limit: limit - newestFirst.length, order: 'desc' },
      context,
    )
    newestFirst.push(...page.data)
    if (!page.has_more || page.after === null || page.data.length === 0) break
    after = page.after
  }
  return newestFirst.reverse()
}
