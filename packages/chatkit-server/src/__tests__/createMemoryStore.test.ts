import { describe, expect, it } from 'vitest'
import { createMemoryStore } from '../createMemoryStore.ts'
import { MissingOwnerError, NotFoundError, type PageRequest, type Store } from '../store.ts'
import type { ThreadItem, ThreadMetadata } from '../types.ts'
import { ALICE, BOB, testStore, type TestContext } from './harness.ts'

const thread = (id: string, created_at = '2026-12-01T00:00:00.000Z'): ThreadMetadata => ({
  id,
  created_at,
  status: { type: 'active' },
  metadata: { note: id },
})
const item = (id: string, created_at: string): ThreadItem => ({
  type: 'end_of_turn',
  id,
  thread_id: 'thr_a',
  created_at,
})

async function allPages(store: Store<TestContext>, order: PageRequest['order'], limit: number) {
  const ids: string[] = []
  let after: string | null = null
  for (let pages = 0; pages < 100; pages++) {
    const page = await store.loadThreadItems('thr_a', { after, limit, order }, ALICE)
    ids.push(...page.data.map((record) => record.id))
    if (!page.has_more) {
      expect(page.after).toBeNull()
      return ids
    }
    expect(page.after).toBe(page.data.at(-1)?.id)
    after = page.after
  }
  throw new Error('pagination did not end')
}

describe('createMemoryStore', () => {
  it('pages by (created_at, id): equal timestamps neither repeat nor skip', async () => {
    const store = testStore()
    await store.saveThread(thread('thr_a'), ALICE)
    // 25 items, 20 of them at one instant, saved out of order.
    const ids: string[] = []
    for (let i = 24; i >= 0; i--) {
      const id = `itm_${String(i).padStart(2, '0')}`
      ids.push(id)
      const time = i < 20 ? '2026-12-01T00:00:05.000Z' : `2026-12-01T00:00:${String(i).padStart(2, '0')}.000Z`
      await store.addThreadItem('thr_a', item(id, time), ALICE)
    }
    const ascending = [...ids].sort()
    for (const limit of [1, 3, 7, 20, 25, 30]) {
      expect(await allPages(store, 'asc', limit)).toStrictEqual(ascending)
      expect(await allPages(store, 'desc', limit)).toStrictEqual([...ascending].reverse())
    }
  })

  it('orders by time before id', async () => {
    const store = testStore()
    await store.saveThread(thread('thr_z', '2026-12-01T00:00:00.000Z'), ALICE)
    await store.saveThread(thread('thr_a', '2026-12-02T00:00:00.000Z'), ALICE)
    const page = await store.loadThreads({ after: null, limit: 10, order: 'desc' }, ALICE)
    expect(page.data.map((record) => record.id)).toStrictEqual(['thr_a', 'thr_z'])
  })

  it('gives an empty page after a cursor that names no record', async () => {
    const store = testStore()
    await store.saveThread(thread('thr_a'), ALICE)
    expect(await store.loadThreads({ after: 'thr_gone', limit: 10, order: 'asc' }, ALICE)).toStrictEqual({
      data: [],
      has_more: false,
      after: null,
    })
  })

  it("reads another user's records exactly like missing ones", async () => {
    const store = testStore()
    await store.saveThread(thread('thr_a'), ALICE)
    await store.addThreadItem('thr_a', item('itm_1', '2026-12-01T00:00:01.000Z'), ALICE)
    await store.saveAttachment({ type: 'file', id: 'atc_1', name: 'a', mime_type: 'text/plain' }, ALICE)

    const errors = async (context: TestContext, threadId: string, itemId: string, attachmentId: string) =>
      Promise.all(
        [
          store.loadThread(threadId, context),
          store.loadItem(threadId, itemId, context),
          store.addThreadItem(threadId, item('itm_2', '2026-12-01T00:00:02.000Z'), context),
          store.saveItem(threadId, item('itm_2', '2026-12-01T00:00:02.000Z'), context),
          store.loadAttachment(attachmentId, context),
        ].map((promise) =>
          promise.then(
            () => 'resolved',
            (error: unknown) => error,
          ),
        ),
      )
    const asBob = await errors(BOB, 'thr_a', 'itm_1', 'atc_1')
    const missing = await errors(ALICE, 'thr_none', 'itm_none', 'atc_none')
    for (const error of asBob) expect(error).toBeInstanceOf(NotFoundError)
    expect(asBob.map(String)).toStrictEqual(missing.map(String))
    // Listing her items gives an empty page, as listing a missing thread's does.
    const empty = { data: [], has_more: false, after: null }
    const page = { after: null, limit: 5, order: 'asc' } as const
    expect(await store.loadThreadItems('thr_a', page, BOB)).toStrictEqual(empty)
    expect(await store.loadThreadItems('thr_none', page, ALICE)).toStrictEqual(empty)
    expect((await store.loadThreads({ after: null, limit: 5, order: 'asc' }, BOB)).data).toStrictEqual([])

    // Bob's deletes touch nothing of Alice's.
    await store.deleteThread('thr_a', BOB)
    await store.deleteThreadItem('thr_a', 'itm_1', BOB)
    await store.deleteAttachment('atc_1', BOB)
    expect((await store.loadItem('thr_a', 'itm_1', ALICE)).id).toBe('itm_1')
    expect((await store.loadAttachment('atc_1', ALICE)).id).toBe('atc_1')
  })

  it('scopes by the owner option when given', async () => {
    const store = createMemoryStore<{ tenant: string; userId: string }>({
      owner: (context) => context.tenant,
    })
    await store.saveThread(thread('thr_a'), { tenant: 't1', userId: 'alice' })
    expect((await store.loadThread('thr_a', { tenant: 't1', userId: 'bob' })).id).toBe('thr_a')
    await expect(store.loadThread('thr_a', { tenant: 't2', userId: 'alice' })).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })

  it('copies records in and out', async () => {
    const store = testStore()
    const saved = thread('thr_a')
    await store.saveThread(saved, ALICE)
    saved.title = 'changed after save'
    const loaded = await store.loadThread('thr_a', ALICE)
    expect(loaded.title).toBeUndefined()
    loaded.title = 'changed after load'
    expect((await store.loadThread('thr_a', ALICE)).title).toBeUndefined()
  })

  it('deletes a thread with its items, and replaces items by id', async () => {
    const store = testStore()
    await store.saveThread(thread('thr_a'), ALICE)
    await store.addThreadItem('thr_a', item('itm_1', '2026-12-01T00:00:01.000Z'), ALICE)
    await store.saveItem(
      'thr_a',
      { ...item('itm_1', '2026-12-01T00:00:01.000Z'), type: 'end_of_turn' },
      ALICE,
    )
    expect(
      (await store.loadThreadItems('thr_a', { after: null, limit: 5, order: 'asc' }, ALICE)).data,
    ).toHaveLength(1)
    await store.deleteThread('thr_a', ALICE)
    await expect(store.loadThread('thr_a', ALICE)).rejects.toBeInstanceOf(NotFoundError)
    await store.saveThread(thread('thr_a'), ALICE)
    expect(
      (await store.loadThreadItems('thr_a', { after: null, limit: 5, order: 'asc' }, ALICE)).data,
    ).toStrictEqual([])
  })

  it('makes ids with the type prefix by default', () => {
    const store = createMemoryStore()
    expect(store.generateThreadId({})).toMatch(/^thr_[0-9a-f]{16}$/)
    expect(store.generateItemId('message', thread('thr_a'), {})).toMatch(/^msg_[0-9a-f]{16}$/)
    expect(store.generateAttachmentId('image/png', {})).toMatch(/^atc_[0-9a-f]{16}$/)
  })

  it('refuses a context with no string userId instead of putting every user in one scope', async () => {
    const store = createMemoryStore<unknown>()
    await expect(
      store.loadThreads({ after: null, limit: 20, order: 'desc' }, { userId: 42 }),
    ).rejects.toThrow(MissingOwnerError)
    await expect(store.saveThread(thread('thr_x'), { user: 'alice' })).rejects.toThrow(/owner\(context\)/)
    await expect(store.saveThread(thread('thr_x'), undefined)).rejects.toThrow(MissingOwnerError)
  })

  it('refuses an owner option that gives an empty key', async () => {
    const store = createMemoryStore<{ tenant: string }>({ owner: (context) => context.tenant })
    await expect(store.saveThread(thread('thr_x'), { tenant: '' })).rejects.toMatchObject({
      name: 'MissingOwnerError',
      code: 'no_owner',
    })
  })
})
