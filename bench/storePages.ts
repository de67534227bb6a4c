import type { PageRequest, Store, ThreadItem } from '@chatkit-session/chatkit-server'
import { percentiles } from './random.ts'

type Context = { userId: string }
const CONTEXT: Context = { userId: 'bench' }
const THREAD = 'thr_bench'

/** `count` items in one thread; every 4 share a timestamp, so ties are part of every page. */
export function benchItems(count: number): ThreadItem[] {
  return Array.from({ length: count }, (_, i): ThreadItem => {
    const base = {
      id: `msg_${String(i).padStart(6, '0')}`,
      thread_id: THREAD,
      created_at: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 4) * 1000).toISOString(),
    }
    const text = `message ${i} `.repeat(8)
    return i % 2
      ? { ...base, type: 'assistant_message', content: [{ type: 'output_text', text, annotations: [] }] }
      : {
          ...base,
          type: 'user_message',
          content: [{ type: 'input_text', text }],
          attachments: [],
          inference_options: {},
        }
  })
}

/** Fills a store's one thread with the items. */
export async function fillStore(store: Store<Context>, items: ThreadItem[]): Promise<void> {
  await store.saveThread(
    { id: THREAD, created_at: items[0]?.created_at ?? '', status: { type: 'active' } },
    CONTEXT,
  )
  for (const item of items) await store.addThreadItem(THREAD, item, CONTEXT)
}

/**
 * The baseline: the same page cut from a plain in-process array, as a store without an index
 * does it (sort by `(created_at, id)`, find the cursor, slice).
 */
export function arrayPage(items: ThreadItem[], page: PageRequest) {
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  const sorted = [...items].sort((a, b) => compare(a.created_at, b.created_at) || compare(a.id, b.id))
  if (page.order === 'desc') sorted.reverse()
  const start = page.after === null ? 0 : sorted.findIndex((item) => item.id === page.after) + 1
  const data = sorted.slice(start, start + page.limit)
  const has_more = start + page.limit < sorted.length
  return { data, has_more, after: has_more ? (data.at(-1)?.id ?? null) : null }
}

/**
 * `items.list` as ChatKit sends it (20 a page, newest first), from a cursor drawn at random:
 * p50 and p99 of `loadThreadItems` against the array baseline, interleaved so that machine noise
 * hits both alike.
 */
export async function measureItemPages(store: Store<Context>, items: ThreadItem[], calls: number) {
  const storeSamples: number[] = []
  const arraySamples: number[] = []
  // A fixed sequence of cursors (a linear congruential generator): the same run to run.
  let seed = 42
  const nextCursor = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
    return seed % 5 === 0 ? null : (items[seed % items.length]?.id ?? null)
  }
  for (let i = 0; i < calls + 50; i++) {
    const page: PageRequest = { after: nextCursor(), limit: 20, order: 'desc' }
    let start = performance.now()
    const fromStore = await store.loadThreadItems(THREAD, page, CONTEXT)
    const storeTime = performance.now() - start
    start = performance.now()
    const fromArray = arrayPage(items, page)
    const arrayTime = performance.now() - start
    if (fromStore.data.map((item) => item.id).join() !== fromArray.data.map((item) => item.id).join())
      throw new Error('the store and the baseline disagree on a page')
    // The first 50 warm up the JIT and the database's caches.
    if (i >= 50) {
      storeSamples.push(storeTime)
      arraySamples.push(arrayTime)
    }
  }
  return { store: percentiles(storeSamples), array: percentiles(arraySamples), calls, items: items.length }
}
