import { describe, expect, it } from 'vitest'
import { loadThreadHistory } from '../../agents.ts'
import type { Store } from '../../store.ts'
import { ALICE, NOW, testStore, type TestContext } from '../harness.ts'

describe('loadThreadHistory', () => {
  it('pages newest first through a store that answers at most 2 items a page, and returns the latest `limit` oldest first', async () => {
    const store = testStore()
    const thread = { id: 'thr_1', created_at: NOW, status: { type: 'active' as const } }
    await store.saveThread(thread, ALICE)
    for (const n of [1, 2, 3, 4, 5])
      await store.addThreadItem(
        thread.id,
        { type: 'end_of_turn', id: `item_${n}`, thread_id: thread.id, created_at: NOW },
        ALICE,
      )
    const pageSizes: number[] = []
    const smallPages: Store<TestContext> = {
      ...store,
      loadThreadItems: async (threadId, page, context) => {
        const answer = await store.loadThreadItems(
          threadId,
          { ...page, limit: Math.min(page.limit, 2) },
          context,
        )
        pageSizes.push(answer.data.length)
        return { ...answer, has_more: answer.has_more || page.limit > 2 }
      },
    }

    const items = await loadThreadHistory(smallPages, thread.id, ALICE, 4)

    expect(items.map((item) => item.id)).toEqual(['item_2', 'item_3', 'item_4', 'item_5'])
    expect(pageSizes).toEqual([2, 2])
  })
})
