import { build } from 'esbuild'
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, expect, inject, it } from 'vitest'

type Answer = { id: number; ok: true; value: unknown } | { id: number; ok: false; name: string }

/** A store server in its own Node process, called over its stdin/stdout (see storeWorker.ts). */
class Worker {
  private next = 0
  private readonly waiting = new Map<
    number,
    { resolve: (answer: Answer) => void; reject: (e: Error) => void }
  >()
  private stderr = ''
  constructor(readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const answer = JSON.parse(line) as Answer
      this.waiting.get(answer.id)?.resolve(answer)
      this.waiting.delete(answer.id)
    })
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()))
    // A crashed worker fails its calls at once, with what it printed, instead of a timeout.
    child.once('exit', (code) => {
      for (const { reject } of this.waiting.values())
        reject(new Error(`worker exited (${code}): ${this.stderr}`))
      this.waiting.clear()
    })
  }
  call(method: string, ...args: unknown[]): Promise<Answer> {
    const id = this.next++
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      this.child.stdin.write(`${JSON.stringify({ id, method, args })}\n`)
    })
  }
  async value(method: string, ...args: unknown[]): Promise<unknown> {
    const answer = await this.call(method, ...args)
    if (!answer.ok) throw new Error(`${method} failed in the worker: ${answer.name}`)
    return answer.value
  }
}

const url = inject('databaseUrl')
const schema = `two_processes_${process.pid}`
const dir = mkdtempSync(join(tmpdir(), 'chatkit-store-worker-'))
const workers: Worker[] = []

beforeAll(async () => {
  // One CommonJS file with pg inside: it runs from a temporary folder with plain node.
  const script = join(dir, 'storeWorker.cjs')
  await build({
    entryPoints: [fileURLToPath(new URL('./storeWorker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: script,
    external: ['pg-native'],
    logLevel: 'silent',
  })
  for (let i = 0; i < 2; i++) {
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, DATABASE_URL: url, STORE_SCHEMA: schema },
    })
    workers.push(new Worker(child))
  }
})

afterAll(async () => {
  for (const worker of workers) {
    worker.child.stdin.end()
    await new Promise((resolve) => worker.child.once('exit', resolve))
  }
  rmSync(dir, { recursive: true, force: true })
  const pool = new pg.Pool({ connectionString: url })
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await pool.end()
})

const alice = { userId: 'alice' }
const bob = { userId: 'bob' }
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString()
const firstPage = { after: null, limit: 100, order: 'asc' }

it('two server processes on one database see the same threads, and the same scoping', async () => {
  const [one, two] = workers
  if (!one || !two) throw new Error('workers did not start')
  expect(await one.value('pid')).not.toBe(await two.value('pid'))
  // Both start on an empty database at once: both migrate, neither fails.
  await Promise.all([one.value('migrate'), two.value('migrate')])

  // Process one writes three threads of five items each.
  const threadIds = ['thr_p1', 'thr_p2', 'thr_p3']
  for (const [n, id] of threadIds.entries()) {
    await one.value('saveThread', { id, created_at: at(n), status: { type: 'active' }, title: id }, alice)
    for (let i = 0; i < 5; i++)
      await one.value(
        'addThreadItem',
        id,
        {
          id: `msg_${id}_${i}`,
          thread_id: id,
          created_at: at(n * 10 + i),
          type: 'user_message',
          content: [],
        },
        alice,
      )
  }

  // Process two lists and reads them.
  const threads = (await two.value('loadThreads', firstPage, alice)) as { data: { id: string }[] }
  expect(threads.data.map((t) => t.id)).toEqual(threadIds)
  for (const id of threadIds) {
    const items = (await two.value('loadThreadItems', id, firstPage, alice)) as { data: { id: string }[] }
    expect(items.data.map((i) => i.id)).toEqual([0, 1, 2, 3, 4].map((i) => `msg_${id}_${i}`))
  }
  expect(await two.value('loadItem', 'thr_p2', 'msg_thr_p2_3', alice)).toMatchObject({ thread_id: 'thr_p2' })

  // Another user, through process two, finds nothing.
  expect(await two.call('loadThread', 'thr_p1', bob)).toMatchObject({ ok: false, name: 'NotFoundError' })
  expect(await two.call('loadItem', 'thr_p1', 'msg_thr_p1_0', bob)).toMatchObject({
    ok: false,
    name: 'NotFoundError',
  })
  expect(await two.value('loadThreads', firstPage, bob)).toEqual({ data: [], has_more: false, after: null })

  // And the other way: what process two writes and deletes, process one sees.
  await two.value(
    'addThreadItem',
    'thr_p1',
    { id: 'msg_from_two', thread_id: 'thr_p1', created_at: at(99), type: 'assistant_message', content: [] },
    alice,
  )
  const items = (await one.value('loadThreadItems', 'thr_p1', { ...firstPage, order: 'desc' }, alice)) as {
    data: { id: string }[]
  }
  expect(items.data[0]?.id).toBe('msg_from_two')
  await two.value('deleteThread', 'thr_p3', alice)
  expect(await one.call('loadThread', 'thr_p3', alice)).toMatchObject({ ok: false, name: 'NotFoundError' })
})
