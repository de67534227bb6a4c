// @vitest-environment node
import { PGlite } from '@electric-sql/pglite'
import { createPostgresStore, type PostgresQueryable } from '@chatkit-session/chatkit-server/postgres'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { it } from 'vitest'
import { startPostgres } from '../packages/chatkit-server/src/__tests__/postgresServer.ts'
import { benchItems, fillStore, measureItemPages } from './storePages.ts'
import { formatTable } from './table.ts'

const REPO_ROOT = process.env.REPO_ROOT ?? process.cwd()
const ITEMS = 10_000
const CALLS = 1_000

const ms = (value: number) => `${value < 0.1 ? value.toFixed(4) : value.toFixed(2)} ms`

// The stores of @chatkit-session/chatkit-server: loadThreadItems (ChatKit's items.list) on a
// thread of 10,000 items, on PGlite and on a PostgreSQL server (DATABASE_URL, or one started
// here), each against the same page cut from an in-process array in the same run.
it('stores: items.list p50 with 10,000 items', async () => {
  const items = benchItems(ITEMS)
  const server = process.env.DATABASE_URL ? undefined : await startPostgres()
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL ?? server?.url, max: 2 })
  const pglite = new PGlite()
  const schema = `bench_${process.pid}`
  const results: Record<string, Awaited<ReturnType<typeof measureItemPages>>> = {}
  try {
    const engines: [string, PostgresQueryable][] = [
      ['PGlite (in memory)', pglite],
      ['PostgreSQL server (pg Pool)', pool],
    ]
    for (const [name, db] of engines) {
      const store = createPostgresStore({ db, schema })
      await fillStore(store, items)
      await db.query(`ANALYZE "${schema}".chatkit_items`)
      results[name] = await measureItemPages(store, items, CALLS)
    }
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await pool.end()
    await pglite.close()
    server?.stop()
  }
  const rows = Object.entries(results).map(([name, r]) => [
    `7. items.list p50 (p99), ${ITEMS.toLocaleString('en')} items, 20 a page`,
    `${name} vs array sort`,
    `${ms(r.store.p50)} (${ms(r.store.p99)}) vs ${ms(r.array.p50)} (${ms(r.array.p99)})`,
    `${(r.store.p50 / r.array.p50).toFixed(2)}x the array's p50`,
  ])
  writeFileSync(join(REPO_ROOT, 'bench/results-stores.json'), `${JSON.stringify(results, null, 2)}\n`)
  console.log(
    `\n${formatTable(['figure', 'compared', 'measured', 'ratio'], rows)}\n\nwritten to bench/results-stores.json`,
  )
})
