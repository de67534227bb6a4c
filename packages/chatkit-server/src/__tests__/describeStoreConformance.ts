import { beforeEach, describe, expect, it } from 'vitest'
import {
  MissingOwnerError,
  NotFoundError,
  type PageRequest,
  type SortOrder,
  type Store,
  type StoreItemType,
} from '../store.ts'
import type { Attachment, Page, ThreadItem, ThreadMetadata } from '../types.ts'

/** The context the suite's stores scope by: the default owner key is `userId`. */
export interface ConformanceContext {
  userId: string
}

const alice: ConformanceContext = { userId: 'alice' }
const bob: ConformanceContext = { userId: 'bob' }

/** 2026-01-01T00:00:00.000Z plus `seconds`. */
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString()

const thread = (id: string, created_at: string, title = `title of ${id}`): ThreadMetadata => ({
  id,
  created_at,
  title,
  status: { type: 'active' },
  metadata: { source: 'conformance', nested: { n: 1, list: [1, 'two', null] } },
})

const item = (id: string, thread_id: string, created_at: string, text = `text of ${id}`): ThreadItem => ({
  id,
  thread_id,
  created_at,
  type: 'user_message',
  content: [{ type: 'input_text', text }],
  attachments: [],
  inference_options: {},
})

const attachment = (id: string, name = `${id}.png`): Attachment => ({
  id,
  type: 'image',
  name,
  mime_type: 'image/png',
  preview_url: 'https://example.test/preview.png',
})

/** Ids in the order a store must list them: `(created_at, id)`, then reversed for `desc`. */
function expectedOrder(records: { id: string; created_at: string }[], order: SortOrder): string[] {
  const sorted = [...records]
    .sort(
      (a, b) =>
        Date.parse(a.created_at) - Date.parse(b.created_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .map((record) => record.id)
  return order === 'asc' ? sorted : sorted.reverse()
}

/** Every page from the first to the last; checks `has_more`, `after` and the page size on the way. */
async function walk<T extends { id: string }>(
  load: (page: PageRequest) => Promise<Page<T>>,
  limit: number,
  order: SortOrder,
): Promise<string[]> {
  const ids: string[] = []
  let after: string | null = null
  for (let pages = 0; pages < 100; pages++) {
    const page: Page<T> = await load({ after, limit, order })
    ids.push(...page.data.map((record) => record.id))
    if (!page.has_more) {
      expect(page.data.length).toBeLessThanOrEqual(limit)
      expect(page.after).toBeNull()
      return ids
    }
    expect(page.data).toHaveLength(limit)
    expect(page.after).toBe(page.data.at(-1)?.id)
    after = page.after
  }
  throw new Error('the store never answered has_more: false')
}

type Outcome = { ok: true; value: unknown } | { ok: false; name: string; notFound: boolean; message: string }

/** How a call ended, with the ids it was given blanked out of an error message. */
async function outcome(call: () => Promise<unknown>, ...ids: string[]): Promise<Outcome> {
  try {
    return { ok: true, value: await call() }
  } catch (error) {
    const { name, message } = error as Error
    return {
      ok: false,
      name,
      notFound: error instanceof NotFoundError,
      message: ids.reduce((text, id) => text.replaceAll(id, '<id>'), message),
    }
  }
}

/**
 * The behaviours every {@link Store} must have, run against one implementation. `makeStore` is
 * called before each test and must give an empty store (a new one, or a new schema).
 *
 * Where the contract leaves a choice open (does deleting a missing thread throw? does listing
 * the items of a missing thread?), the suite asks only that another user's record gives the
 * same answer as a missing one, and that it is left untouched.
 */
export function describeStoreConformance(
  name: string,
  makeStore: () => Store<ConformanceContext> | Promise<Store<ConformanceContext>>,
): void {
  describe(`Store conformance: ${name}`, () => {
    let store: Store<ConformanceContext>
    beforeEach(async () => {
      store = await makeStore()
    })

    describe('threads', () => {
      it('loads a saved thread as it was saved, created_at string and metadata included', async () => {
        const saved = {
          ...thread('thr_a', '2026-03-04T05:06:07.123456+00:00'),
          allowed_image_domains: ['x.test'],
        }
        await store.saveThread(saved, alice)
        expect(await store.loadThread('thr_a', alice)).toEqual(saved)
        expect((await store.loadThread('thr_a', alice)).created_at).toBe('2026-03-04T05:06:07.123456+00:00')
      })

      it('replaces a thread saved again with the same id', async () => {
        await store.saveThread(thread('thr_a', at(1), 'first'), alice)
        await store.saveThread(
          { ...thread('thr_a', at(1), 'second'), status: { type: 'closed', reason: 'done' } },
          alice,
        )
        const loaded = await store.loadThread('thr_a', alice)
        expect(loaded.title).toBe('second')
        expect(loaded.status).toEqual({ type: 'closed', reason: 'done' })
        expect((await store.loadThreads({ after: null, limit: 10, order: 'asc' }, alice)).data).toHaveLength(
          1,
        )
      })

      it('throws NotFoundError for a thread that was never saved', async () => {
        await expect(store.loadThread('thr_missing', alice)).rejects.toBeInstanceOf(NotFoundError)
      })

      it('lists nothing when there is nothing', async () => {
        expect(await store.loadThreads({ after: null, limit: 20, order: 'desc' }, alice)).toEqual({
          data: [],
          has_more: false,
          after: null,
        })
      })

      it.each([1, 2, 3, 7, 20])(
        'pages threads by (created_at, id) in both orders, %i a page, equal timestamps neither repeated nor skipped',
        async (limit) => {
          // Saved out of order; four share one timestamp, two another.
          const threads = [
            thread('thr_e', at(5)),
            thread('thr_c', at(3)),
            thread('thr_d3', at(3)),
            thread('thr_a', at(1)),
            thread('thr_d1', at(3)),
            thread('thr_d2', at(3)),
            thread('thr_b2', at(2)),
            thread('thr_b1', at(2)),
          ]
          for (const t of threads) await store.saveThread(t, alice)
          for (const order of ['asc', 'desc'] as const) {
            const ids = await walk((page) => store.loadThreads(page, alice), limit, order)
            expect(ids).toEqual(expectedOrder(threads, order))
          }
        },
      )

      it('deletes a thread and its items, and only those', async () => {
        await store.saveThread(thread('thr_a', at(1)), alice)
        await store.saveThread(thread('thr_b', at(2)), alice)
        await store.addThreadItem('thr_a', item('msg_a1', 'thr_a', at(1)), alice)
        await store.addThreadItem('thr_b', item('msg_b1', 'thr_b', at(1)), alice)
        await store.deleteThread('thr_a', alice)
        await expect(store.loadThread('thr_a', alice)).rejects.toBeInstanceOf(NotFoundError)
        await expect(store.loadItem('thr_a', 'msg_a1', alice)).rejects.toBeInstanceOf(NotFoundError)
        // A thread made again with the same id starts empty: the old items are gone, not hidden.
        await store.saveThread(thread('thr_a', at(1)), alice)
        expect(
          (await store.loadThreadItems('thr_a', { after: null, limit: 10, order: 'asc' }, alice)).data,
        ).toEqual([])
        expect(await store.loadItem('thr_b', 'msg_b1', alice)).toEqual(item('msg_b1', 'thr_b', at(1)))
        expect(
          (await store.loadThreads({ after: null, limit: 10, order: 'asc' }, alice)).data.map((t) => t.id),
        ).toEqual(['thr_a', 'thr_b'])
      })
    })

    describe('items', () => {
      beforeEach(async () => {
        await store.saveThread(thread('thr_a', at(0)), alice)
        await store.saveThread(thread('thr_b', at(0)), alice)
      })

      it('adds, loads, replaces and deletes an item', async () => {
        const added = {
          ...item('msg_1', 'thr_a', '2026-03-04T05:06:07.000001+00:00'),
          extra: { deep: [true] },
        }
        await store.addThreadItem('thr_a', added, alice)
        expect(await store.loadItem('thr_a', 'msg_1', alice)).toEqual(added)
        const replaced = item('msg_1', 'thr_a', added.created_at, 'edited')
        await store.saveItem('thr_a', replaced, alice)
        expect(await store.loadItem('thr_a', 'msg_1', alice)).toEqual(replaced)
        expect(
          (await store.loadThreadItems('thr_a', { after: null, limit: 10, order: 'asc' }, alice)).data,
        ).toEqual([replaced])
        await store.deleteThreadItem('thr_a', 'msg_1', alice)
        await expect(store.loadItem('thr_a', 'msg_1', alice)).rejects.toBeInstanceOf(NotFoundError)
        expect(
          (await store.loadThreadItems('thr_a', { after: null, limit: 10, order: 'asc' }, alice)).data,
        ).toEqual([])
      })

      it('saveItem creates an item that was not there', async () => {
        await store.saveItem('thr_a', item('msg_1', 'thr_a', at(1)), alice)
        expect(await store.loadItem('thr_a', 'msg_1', alice)).toEqual(item('msg_1', 'thr_a', at(1)))
      })

      it('throws NotFoundError for a missing item, and for an item asked of another thread', async () => {
        await store.addThreadItem('thr_a', item('msg_1', 'thr_a', at(1)), alice)
        await expect(store.loadItem('thr_a', 'msg_missing', alice)).rejects.toBeInstanceOf(NotFoundError)
        await expect(store.loadItem('thr_b', 'msg_1', alice)).rejects.toBeInstanceOf(NotFoundError)
      })

      it.each([1, 2, 4, 9, 20])(
        'pages a thread’s items by (created_at, id) in both orders, %i a page, equal timestamps neither repeated nor skipped',
        async (limit) => {
          const items = [
            item('msg_f', 'thr_a', at(9)),
            item('msg_c2', 'thr_a', at(4)),
            item('msg_a', 'thr_a', at(1)),
            item('msg_c1', 'thr_a', at(4)),
            item('tc_c3', 'thr_a', at(4)),
            item('msg_b', 'thr_a', at(2)),
            item('msg_c0', 'thr_a', at(4)),
            item('msg_e', 'thr_a', at(8)),
            item('msg_d', 'thr_a', at(5)),
          ]
          for (const i of items) await store.addThreadItem('thr_a', i, alice)
          // Another thread's items, interleaved in time, must not show.
          await store.addThreadItem('thr_b', item('msg_other', 'thr_b', at(4)), alice)
          for (const order of ['asc', 'desc'] as const) {
            const ids = await walk((page) => store.loadThreadItems('thr_a', page, alice), limit, order)
            expect(ids).toEqual(expectedOrder(items, order))
          }
        },
      )
    })

    describe('attachments', () => {
      it('saves, loads, replaces and deletes an attachment', async () => {
        await store.saveAttachment(attachment('atc_1'), alice)
        expect(await store.loadAttachment('atc_1', alice)).toEqual(attachment('atc_1'))
        await store.saveAttachment(attachment('atc_1', 'renamed.png'), alice)
        expect((await store.loadAttachment('atc_1', alice)).name).toBe('renamed.png')
        await store.deleteAttachment('atc_1', alice)
        await expect(store.loadAttachment('atc_1', alice)).rejects.toBeInstanceOf(NotFoundError)
      })

      it('throws NotFoundError for an attachment that was never saved', async () => {
        await expect(store.loadAttachment('atc_missing', alice)).rejects.toBeInstanceOf(NotFoundError)
      })
    })

    describe('a context without an owner is refused', () => {
      const page: PageRequest = { after: null, limit: 50, order: 'asc' }
      const aliceThread = thread('thr_alice', at(1), 'alice’s')
      const aliceItem = item('msg_alice', 'thr_alice', at(2), 'alice’s')
      const aliceAttachment = attachment('atc_alice', 'alice.png')
      // Contexts a misconfigured app could pass: none may become one shared scope.
      const ownerless: [string, unknown][] = [
        ['undefined', undefined],
        ['null', null],
        ['an object without userId', { user: 'alice' }],
        ['a userId that is a number', { userId: 42 }],
        ['an empty userId', { userId: '' }],
      ]

      it.each(ownerless)(
        '%s: every read and write throws MissingOwnerError and touches nothing',
        async (_name, bad) => {
          await store.saveThread(aliceThread, alice)
          await store.addThreadItem('thr_alice', aliceItem, alice)
          await store.saveAttachment(aliceAttachment, alice)
          const context = bad as ConformanceContext
          const calls: (() => Promise<unknown>)[] = [
            () => store.loadThread('thr_alice', context),
            () => store.saveThread(thread('thr_alice', at(3), 'overwritten'), context),
            () => store.loadThreads(page, context),
            () => store.deleteThread('thr_alice', context),
            () => store.loadThreadItems('thr_alice', page, context),
            () => store.addThreadItem('thr_alice', item('msg_new', 'thr_alice', at(4), 'new'), context),
            () => store.saveItem('thr_alice', item('msg_alice', 'thr_alice', at(5), 'overwritten'), context),
            () => store.loadItem('thr_alice', 'msg_alice', context),
            () => store.deleteThreadItem('thr_alice', 'msg_alice', context),
            () => store.saveAttachment(attachment('atc_alice', 'overwritten.png'), context),
            () => store.loadAttachment('atc_alice', context),
            () => store.deleteAttachment('atc_alice', context),
          ]
          for (const call of calls) {
            const result = await outcome(call)
            expect(result).toMatchObject({ ok: false, name: 'MissingOwnerError' })
            if (!result.ok) expect(result.message).not.toContain('alice')
            await expect(call()).rejects.toBeInstanceOf(MissingOwnerError)
          }
          expect(await store.loadThread('thr_alice', alice)).toEqual(aliceThread)
          expect((await store.loadThreadItems('thr_alice', page, alice)).data).toEqual([aliceItem])
          expect(await store.loadAttachment('atc_alice', alice)).toEqual(aliceAttachment)
        },
      )
    })

    describe("another user's records behave as missing", () => {
      const page: PageRequest = { after: null, limit: 50, order: 'asc' }
      const aliceThread = thread('thr_alice', at(1), 'alice’s')
      const aliceItem = item('msg_alice', 'thr_alice', at(2), 'alice’s')
      const aliceAttachment = attachment('atc_alice', 'alice.png')

      beforeEach(async () => {
        await store.saveThread(aliceThread, alice)
        await store.addThreadItem('thr_alice', aliceItem, alice)
        await store.saveAttachment(aliceAttachment, alice)
      })

      /** Alice's records, exactly as she saved them. */
      async function expectAliceUntouched() {
        expect(await store.loadThread('thr_alice', alice)).toEqual(aliceThread)
        expect(await store.loadItem('thr_alice', 'msg_alice', alice)).toEqual(aliceItem)
        expect((await store.loadThreadItems('thr_alice', page, alice)).data).toEqual([aliceItem])
        expect(await store.loadAttachment('atc_alice', alice)).toEqual(aliceAttachment)
        expect((await store.loadThreads(page, alice)).data).toEqual([aliceThread])
      }

      it('reads: thread, item, items list, attachment and thread list', async () => {
        const read = await outcome(() => store.loadThread('thr_alice', bob), 'thr_alice')
        expect(read).toMatchObject({ ok: false, notFound: true })
        expect(read).toEqual(await outcome(() => store.loadThread('thr_nobody', bob), 'thr_nobody'))

        const readItem = await outcome(
          () => store.loadItem('thr_alice', 'msg_alice', bob),
          'thr_alice',
          'msg_alice',
        )
        expect(readItem).toMatchObject({ ok: false, notFound: true })
        expect(readItem).toEqual(
          await outcome(() => store.loadItem('thr_nobody', 'msg_nobody', bob), 'thr_nobody', 'msg_nobody'),
        )

        // As chatkit-python's store test expects: an empty page, for hers as for a missing thread.
        const empty = { data: [], has_more: false, after: null }
        expect(await store.loadThreadItems('thr_alice', page, bob)).toEqual(empty)
        expect(await store.loadThreadItems('thr_nobody', page, bob)).toEqual(empty)

        const readAttachment = await outcome(() => store.loadAttachment('atc_alice', bob), 'atc_alice')
        expect(readAttachment).toMatchObject({ ok: false, notFound: true })
        expect(readAttachment).toEqual(
          await outcome(() => store.loadAttachment('atc_nobody', bob), 'atc_nobody'),
        )

        expect(await store.loadThreads(page, bob)).toEqual({ data: [], has_more: false, after: null })
        // A cursor naming her thread gives Bob nothing of hers either.
        expect((await store.loadThreads({ ...page, after: 'thr_alice' }, bob)).data).toEqual([])
      })

      it('saving a thread with her id makes his own and leaves hers alone', async () => {
        const his = thread('thr_alice', at(7), 'bob’s')
        expect(await outcome(() => store.saveThread(his, bob))).toEqual(
          await outcome(() => store.saveThread(thread('thr_nobody', at(7)), bob)),
        )
        expect(await store.loadThread('thr_alice', bob)).toEqual(his)
        await expectAliceUntouched()
      })

      it('deleting her thread does what deleting a missing one does, and deletes nothing', async () => {
        expect(await outcome(() => store.deleteThread('thr_alice', bob), 'thr_alice')).toEqual(
          await outcome(() => store.deleteThread('thr_nobody', bob), 'thr_nobody'),
        )
        await expectAliceUntouched()
      })

      it('adding or saving an item into her thread does what it does on a missing thread', async () => {
        const intruder = item('msg_bob', 'thr_alice', at(3), 'bob’s')
        const missing = item('msg_bob2', 'thr_nobody', at(3), 'bob’s')
        expect(
          await outcome(() => store.addThreadItem('thr_alice', intruder, bob), 'thr_alice', 'msg_bob'),
        ).toEqual(
          await outcome(() => store.addThreadItem('thr_nobody', missing, bob), 'thr_nobody', 'msg_bob2'),
        )
        const overwrite = item('msg_alice', 'thr_alice', aliceItem.created_at, 'bob was here')
        expect(await outcome(() => store.saveItem('thr_alice', overwrite, bob), 'thr_alice')).toEqual(
          await outcome(
            () => store.saveItem('thr_nobody', { ...overwrite, thread_id: 'thr_nobody' }, bob),
            'thr_nobody',
          ),
        )
        await expectAliceUntouched()
      })

      it('deleting her item does what deleting a missing one does, and deletes nothing', async () => {
        expect(
          await outcome(
            () => store.deleteThreadItem('thr_alice', 'msg_alice', bob),
            'thr_alice',
            'msg_alice',
          ),
        ).toEqual(
          await outcome(
            () => store.deleteThreadItem('thr_nobody', 'msg_nobody', bob),
            'thr_nobody',
            'msg_nobody',
          ),
        )
        await expectAliceUntouched()
      })

      it('saving or deleting an attachment with her id leaves hers alone', async () => {
        expect(await outcome(() => store.saveAttachment(attachment('atc_alice', 'bob.png'), bob))).toEqual(
          await outcome(() => store.saveAttachment(attachment('atc_nobody', 'bob.png'), bob)),
        )
        expect((await store.loadAttachment('atc_alice', bob)).name).toBe('bob.png')
        expect(await outcome(() => store.deleteAttachment('atc_alice', bob), 'atc_alice')).toEqual(
          await outcome(() => store.deleteAttachment('atc_other', bob), 'atc_other'),
        )
        await expectAliceUntouched()
      })
    })

    describe('ids', () => {
      it('generates unique ids with the prefix of their type', () => {
        const meta = thread('thr_a', at(0))
        const prefixes: [StoreItemType, string][] = [
          ['message', 'msg_'],
          ['tool_call', 'tc_'],
          ['task', 'tsk_'],
          ['workflow', 'wf_'],
          ['sdk_hidden_context', 'shcx_'],
        ]
        const threadIds = Array.from({ length: 500 }, () => store.generateThreadId(alice))
        expect(new Set(threadIds).size).toBe(500)
        for (const id of threadIds) expect(id).toMatch(/^thr_[A-Za-z0-9]+$/)
        for (const [type, prefix] of prefixes) {
          const ids = Array.from({ length: 200 }, () => store.generateItemId(type, meta, alice))
          expect(new Set(ids).size).toBe(200)
          for (const id of ids) expect(id.startsWith(prefix)).toBe(true)
        }
        const attachmentIds = Array.from({ length: 200 }, () =>
          store.generateAttachmentId('image/png', alice),
        )
        expect(new Set(attachmentIds).size).toBe(200)
        for (const id of attachmentIds) expect(id).toMatch(/^atc_[A-Za-z0-9]+$/)
      })
    })
  })
}
