// Heap per 1,000 threads in chatkit-server's memory store. Used by `pnpm bench` as a child
// process run with --expose-gc (garbage collection between readings), over the built package
// (`pnpm bench` builds first). Run `node --expose-gc bench/memoryStore.mjs` to print JSON.
import { createMemoryStore } from '../packages/chatkit-server/dist/index.js'

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc')

const THREADS = 10_000
const TEXT = 'x'.repeat(200)

function heapAfterGc() {
  for (let i = 0; i < 3; i++) globalThis.gc()
  return process.memoryUsage().heapUsed
}

/** Heap per 1,000 threads of `itemsPerThread` items each (half user, half assistant messages). */
async function measure(itemsPerThread) {
  const before = heapAfterGc()
  let n = 0
  const store = createMemoryStore({ generateId: (type) => `${type}_${++n}` })
  const context = { userId: 'user_1' }
  const created_at = new Date(Date.UTC(2026, 11, 4)).toISOString()
  for (let t = 0; t < THREADS; t++) {
    const thread = {
      id: store.generateThreadId(context),
      created_at,
      status: { type: 'active' },
      title: `Thread ${t}`,
    }
    await store.saveThread(thread, context)
    for (let i = 0; i < itemsPerThread; i++) {
      const base = { id: store.generateItemId('message', thread, context), thread_id: thread.id, created_at }
      await store.addThreadItem(
        thread.id,
        i % 2 === 0
          ? {
              ...base,
              type: 'user_message',
              content: [{ type: 'input_text', text: TEXT }],
              attachments: [],
              inference_options: {},
            }
          : {
              ...base,
              type: 'assistant_message',
              content: [{ type: 'output_text', text: TEXT, annotations: [] }],
            },
        context,
      )
    }
  }
  const after = heapAfterGc()
  // Keep the store alive until the second reading.
  if ((await store.loadThreads({ after: null, limit: 1, order: 'asc' }, context)).data.length !== 1)
    throw new Error('store lost its threads')
  return ((after - before) / THREADS) * 1000
}

const empty = await measure(0)
const tenItems = await measure(10)
console.log(
  JSON.stringify({ threads: THREADS, bytesPer1000Threads: { empty, tenItems }, itemTextChars: TEXT.length }),
)
