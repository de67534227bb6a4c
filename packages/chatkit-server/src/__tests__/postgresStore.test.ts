import { PGlite } from '@electric-sql/pglite'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { createPostgresStore } from '../createPostgresStore.ts'
import { POSTGRES_SCHEMA_VERSION, migratePostgresStore } from '../migratePostgresStore.ts'
import type { PostgresQueryable } from '../postgresQueryable.ts'
import { PostgresStoreError } from '../postgresStoreError.ts'
import { NotFoundError } from '../store.ts'
import type { ThreadItem, ThreadMetadata } from '../types.ts'

const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 8 })
const schemas: string[] = []
let count = 0
/** A schema of this file's own on the shared server, dropped at the end. */
const freshSchema = () => {
  const schema = `store_test_${process.pid}_${count++}`
  schemas.push(schema)
  return schema
}
afterAll(async () => {
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await pool.end()
})

const alice = { userId: 'alice' }
const thread = (id: string, created_at = '2026-01-01T00:00:00.000Z'): ThreadMetadata => ({
  id,
  created_at,
  status: { type: 'active' },
})
const item = (id: string, thread_id: string, created_at: string): ThreadItem => ({
  id,
  thread_id,
  created_at,
  type: 'assistant_message',
  content: [],
})

/** The database, recording every statement the store sends. */
function recording(db: PostgresQueryable) {
  const statements: { text: string; params: unknown[] }[] = []
  const recorder: PostgresQueryable = {
    query(text, params = []) {
      statements.push({ text, params })
      return db.query(text, params)
    },
  }
  return { recorder, statements }
}

describe('PGlite in a data folder', () => {
  it('keeps threads and items across a reopen, and migrates only once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chatkit-pglite-reopen-'))
    try {
      const first = new PGlite(dir)
      const store = createPostgresStore({ db: first })
      await store.saveThread(thread('thr_kept', '2026-02-03T04:05:06.789012+00:00'), alice)
      await store.addThreadItem('thr_kept', item('msg_kept', 'thr_kept', '2026-02-03T04:05:07Z'), alice)
      await first.close()

      const second = new PGlite(dir)
      const reopened = createPostgresStore({ db: second })
      expect(await reopened.loadThread('thr_kept', alice)).toEqual(
        thread('thr_kept', '2026-02-03T04:05:06.789012+00:00'),
      )
      expect(await reopened.loadItem('thr_kept', 'msg_kept', alice)).toEqual(
        item('msg_kept', 'thr_kept', '2026-02-03T04:05:07Z'),
      )
      const { rows } = await second.query('SELECT version FROM public.chatkit_migrations')
      expect(rows).toEqual([{ version: POSTGRES_SCHEMA_VERSION }])
      await second.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('migrations', () => {
  it('record each version once, even when ten pools migrate one database at the same moment', async () => {
    const schema = freshSchema()
    const pools = Array.from(
      { length: 10 },
      () => new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 }),
    )
    try {
      await Promise.all(pools.map((db) => migratePostgresStore({ db, schema })))
    } finally {
      await Promise.all(pools.map((db) => db.end()))
    }
    const { rows } = await pool.query(`SELECT version, name FROM "${schema}".chatkit_migrations`)
    expect(rows).toHaveLength(POSTGRES_SCHEMA_VERSION)
    expect(rows[0]).toMatchObject({ version: 1, name: expect.stringContaining('threads') })
    // And again later: nothing to do, nothing changes.
    await migratePostgresStore({ db: pool, schema })
    expect((await pool.query(`SELECT version FROM "${schema}".chatkit_migrations`)).rows).toHaveLength(
      POSTGRES_SCHEMA_VERSION,
    )
  })

  it('refuse a database migrated by a newer version of the package', async () => {
    const schema = freshSchema()
    await migratePostgresStore({ db: pool, schema })
    await pool.query(
      `INSERT INTO "${schema}".chatkit_migrations (version, name) VALUES (999, 'from the future')`,
    )
    const store = createPostgresStore({ db: pool, schema })
    await expect(store.migrate()).rejects.toMatchObject({ name: 'PostgresStoreError', code: 'newer_schema' })
    await expect(store.loadThreads({ after: null, limit: 1, order: 'asc' }, alice)).rejects.toBeInstanceOf(
      PostgresStoreError,
    )
  })

  it('run on first use, and a failed attempt is tried again by the next call', async () => {
    const schema = freshSchema()
    let failures = 1
    const flaky: PostgresQueryable = {
      query(text, params) {
        if (failures-- > 0) return Promise.reject(new Error('connection refused'))
        return pool.query(text, params)
      },
    }
    const store = createPostgresStore({ db: flaky, schema })
    await expect(store.loadThread('thr_x', alice)).rejects.toThrow('connection refused')
    await store.saveThread(thread('thr_x'), alice)
    expect(await store.loadThread('thr_x', alice)).toEqual(thread('thr_x'))
  })

  it('keep two stores with other table prefixes in one schema apart', async () => {
    const schema = freshSchema()
    const one = createPostgresStore({ db: pool, schema, tablePrefix: 'one_' })
    const two = createPostgresStore({ db: pool, schema, tablePrefix: 'two_' })
    await one.saveThread(thread('thr_one'), alice)
    await expect(two.loadThread('thr_one', alice)).rejects.toBeInstanceOf(NotFoundError)
    const { rows } = await pool.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename`,
      [schema],
    )
    expect(rows.map((row: { tablename: string }) => row.tablename)).toEqual([
      'one_attachments',
      'one_items',
      'one_migrations',
      'one_threads',
      'two_attachments',
      'two_items',
      'two_migrations',
      'two_threads',
    ])
  })
})

describe('options and errors', () => {
  it.each([
    ['schema', { schema: 'Public' }],
    ['schema', { schema: 'x"; DROP TABLE users; --' }],
    ['tablePrefix', { tablePrefix: 'a-b' }],
    ['tablePrefix', { tablePrefix: 'p'.repeat(31) }],
  ])('refuses a %s that is not a plain identifier, without echoing it', (option, names) => {
    const make = () => createPostgresStore({ db: pool, ...names })
    expect(make).toThrow(PostgresStoreError)
    expect(make).toThrow(
      expect.objectContaining({ code: 'invalid_option', message: expect.stringContaining(option) }),
    )
    for (const value of Object.values(names)) expect(make).not.toThrow(value)
  })

  it('scopes by the owner option instead of userId', async () => {
    const store = createPostgresStore({
      db: pool,
      schema: freshSchema(),
      owner: (context: { tenant: string; user: string }) => `${context.tenant}/${context.user}`,
    })
    await store.saveThread(thread('thr_t'), { tenant: 'acme', user: 'ann' })
    expect(await store.loadThread('thr_t', { tenant: 'acme', user: 'ann' })).toEqual(thread('thr_t'))
    await expect(store.loadThread('thr_t', { tenant: 'other', user: 'ann' })).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })

  it('refuses a context without an owner key rather than share one empty key', async () => {
    const store = createPostgresStore({ db: pool, schema: freshSchema() })
    await expect(store.saveThread(thread('thr_x'), { userId: '' })).rejects.toMatchObject({
      name: 'MissingOwnerError',
      code: 'no_owner',
    })
    const untyped = createPostgresStore<{ userId: string }>({ db: pool, schema: freshSchema() })
    await expect(untyped.loadThread('thr_x', {} as { userId: string })).rejects.toMatchObject({
      code: 'no_owner',
    })
  })

  it('refuses a created_at that is not a timestamp, without echoing it', async () => {
    const store = createPostgresStore({ db: pool, schema: freshSchema() })
    const saving = store.saveThread(thread('thr_x', 'secret-looking-value'), alice)
    await expect(saving).rejects.toMatchObject({
      code: 'invalid_record',
      message: expect.not.stringContaining('secret'),
    })
  })

  it('orders by microseconds, as Python writes them', async () => {
    const store = createPostgresStore({ db: pool, schema: freshSchema() })
    await store.saveThread(thread('thr_a'), alice)
    // Same millisecond; ids in the opposite order of time.
    await store.addThreadItem('thr_a', item('msg_b', 'thr_a', '2026-01-01T00:00:00.000002+00:00'), alice)
    await store.addThreadItem('thr_a', item('msg_a', 'thr_a', '2026-01-01T00:00:00.000009+00:00'), alice)
    const page = await store.loadThreadItems('thr_a', { after: null, limit: 10, order: 'asc' }, alice)
    expect(page.data.map((i) => i.id)).toEqual(['msg_b', 'msg_a'])
  })
})

describe('pagination plans', () => {
  it('list queries walk an index in order (no sort, no sequential scan) on a large table', async () => {
    const schema = freshSchema()
    const { recorder, statements } = recording(pool)
    const store = createPostgresStore({ db: recorder, schema })
    await store.migrate()
    // Enough rows, over many owners and threads, that the planner has a choice to make.
    await pool.query(
      `INSERT INTO "${schema}".chatkit_threads (owner, id, created_at, data)
       SELECT 'user' || (n % 50), 'thr_' || n, timestamptz '2026-01-01' + n * interval '1 second', '{}'::jsonb
       FROM generate_series(0, 4999) n`,
    )
    // Half the items in one thread of user7's (a long conversation), the rest spread over others.
    await pool.query(
      `INSERT INTO "${schema}".chatkit_items (owner, id, thread_id, created_at, data)
       SELECT CASE WHEN n % 2 = 0 THEN 'user7' ELSE 'user' || (n % 50) END, 'msg_' || n,
              CASE WHEN n % 2 = 0 THEN 'thr_107' ELSE 'thr_' || (n % 50) END,
              timestamptz '2026-01-01' + (n / 7) * interval '1 second', '{}'::jsonb
       FROM generate_series(1, 20000) n`,
    )
    await pool.query(`ANALYZE "${schema}".chatkit_threads`)
    await pool.query(`ANALYZE "${schema}".chatkit_items`)
    statements.length = 0
    const user = { userId: 'user7' }
    for (const order of ['asc', 'desc'] as const) {
      for (const after of [null, 'x']) {
        await store.loadThreads({ after: after && 'thr_157', limit: 20, order }, user)
        await store.loadThreadItems('thr_107', { after: after && 'msg_10000', limit: 20, order }, user)
      }
    }
    expect(statements).toHaveLength(8)
    const explain = async (db: PostgresQueryable, text: string, params: unknown[]) => {
      const { rows } = await db.query(`EXPLAIN ${text}`, params)
      return (rows as { 'QUERY PLAN': string }[]).map((row) => row['QUERY PLAN']).join('\n')
    }
    // As the planner chooses: through the page index, never a sequential scan (it may still sort
    // a page's few rows after a bitmap scan when that is cheaper).
    for (const { text, params } of statements) {
      const plan = await explain(pool, text, params)
      expect(plan).toMatch(/Index Scan (Backward )?(using|on) chatkit_(threads|items)_page/)
      expect(plan).not.toMatch(/Seq Scan/)
    }
    // With sorting priced out, no Sort is left: the index alone gives the (created_at, id) order,
    // both ways. Were the order not the index's, the planner would have to sort anyway.
    const client = await pool.connect()
    try {
      await client.query('SET enable_sort = off')
      for (const { text, params } of statements) {
        const plan = await explain(client, text, params)
        expect(plan).toMatch(/Index Scan (Backward )?using chatkit_(threads|items)_page/)
        expect(plan).not.toMatch(/Sort|Seq Scan/)
      }
    } finally {
      client.release()
    }
  })
})
