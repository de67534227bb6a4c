import { migratePostgresStore } from './migratePostgresStore.ts'
import { onceUntilSuccess } from './onceUntilSuccess.ts'
import type { PostgresQueryable } from './postgresQueryable.ts'
import { PostgresStoreError } from './postgresStoreError.ts'
import { postgresTables, type PostgresTableOptions } from './postgresTables.ts'
import { NotFoundError, generateId, ownerKey, type PageRequest, type Store } from './store.ts'
import type { Attachment, Page, ThreadItem, ThreadMetadata } from './types.ts'

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions<TContext = { userId: string }> extends PostgresTableOptions {
  /**
   * The database: a PGlite instance (`new PGlite(dataDir)`, one process) or a node-postgres
   * `Pool` (`new pg.Pool({ connectionString })`, any number of processes). The store never
   * closes it.
   */
  db: PostgresQueryable
  /**
   * The key every row is scoped by, from the request's context: another owner's records read
   * as missing and cannot be written. A context without one (an empty key too) is refused with
   * a `MissingOwnerError`, as by every store.
   * @default (context) => context.userId, when it is a non-empty string
   */
  owner?: (context: TContext) => string
}

/** A {@link Store} on PostgreSQL, with its migrations. */
export interface PostgresStore<TContext> extends Store<TContext> {
  /**
   * Runs the pending migrations (see `migratePostgresStore`). Every other method waits for it,
   * so calling it is optional: await it at startup to fail early on a database problem.
   */
  migrate(): Promise<void>
}

type Row<T> = { data: T }

const PAGE_ORDER = { asc: { cmp: '>', dir: 'ASC' }, desc: { cmp: '<', dir: 'DESC' } } as const

/** The sort key of a record; Postgres keeps microseconds, as Python's ISO strings have. */
function timestampOf(record: { created_at: string }, what: string): string {
  if (typeof record.created_at !== 'string' || Number.isNaN(Date.parse(record.created_at)))
    throw new PostgresStoreError('invalid_record', `${what}.created_at is not an ISO 8601 timestamp`)
  return record.created_at
}

/**
 * A {@link Store} on PostgreSQL: embedded PGlite for one process, a PostgreSQL server through a
 * node-postgres pool for many. One schema (three tables and a migrations table), migrated on
 * first use.
 *
 * - Every row is keyed by `(owner, id)`: another owner's thread, item or attachment reads as
 *   {@link NotFoundError}, and a write with its id makes the caller's own record.
 * - Records are stored as jsonb, as given; `created_at` strings come back exactly.
 * - Lists page on `(created_at, id)` through an index, so equal timestamps neither repeat nor
 *   skip; a page's `after` is the id of its last record.
 */
export function createPostgresStore<TContext extends { userId: string }>(
  options: PostgresStoreOptions<TContext>,
): PostgresStore<TContext>
export function createPostgresStore<TContext>(
  options: PostgresStoreOptions<TContext> & { owner: (context: TContext) => string },
): PostgresStore<TContext>
export function createPostgresStore<TContext>(
  options: PostgresStoreOptions<TContext>,
): PostgresStore<TContext> {
  const { db, schema, tablePrefix } = options
  const t = postgresTables({ schema, tablePrefix })

  const migrate = onceUntilSuccess(() => migratePostgresStore({ db, schema, tablePrefix }))

  const ownerOf = (context: TContext) => ownerKey(options.owner, context, 'createPostgresStore')

  async function query<T>(text: string, params: unknown[]): Promise<T[]> {
    await migrate()
    const { rows } = await db.query(text, params)
    return rows as T[]
  }

  async function loadOne<T>(table: string, where: string, params: unknown[]): Promise<T> {
    const [row] = await query<Row<T>>(`SELECT data FROM ${table} WHERE ${where}`, params)
    if (!row) throw new NotFoundError('not found')
    return row.data
  }

  /**
   * One page of `table`'s rows whose `scope` columns equal the values, after the row `page.after`
   * of the same scope.
   */
  async function loadPage<T extends { id: string }>(
    table: string,
    scope: Record<string, unknown>,
    page: PageRequest,
  ): Promise<Page<T>> {
    const { cmp, dir } = PAGE_ORDER[page.order]
    const limit = Math.max(0, Math.floor(page.limit))
    const columns = Object.keys(scope)
    const values = [...Object.values(scope), limit + 1]
    const where = (alias: string) => columns.map((column, i) => `${alias}${column} = $${i + 1}`).join(' AND ')
    let cursor = ''
    if (page.after !== null) {
      values.push(page.after)
      // A row comparison on the index's columns: the index scan starts at the cursor.
      cursor = `AND (created_at, id) ${cmp}
        (SELECT c.created_at, c.id FROM ${table} c WHERE ${where('c.')} AND c.id = $${values.length})`
    }
    const rows = await query<Row<T>>(
      `SELECT data FROM ${table} WHERE ${where('')} ${cursor}
       ORDER BY created_at ${dir}, id ${dir} LIMIT $${columns.length + 1}`,
      values,
    )
    const has_more = rows.length > limit
    const data = rows.slice(0, limit).map((row) => row.data)
    return { data, has_more, after: has_more ? (data.at(-1)?.id ?? null) : null }
  }

  /** Inserts or replaces an item of a thread the owner has; NotFoundError otherwise. */
  async function putItem(threadId: string, item: ThreadItem, context: TContext): Promise<void> {
    const params = [ownerOf(context), item.id, threadId, timestampOf(item, 'item'), JSON.stringify(item)]
    let rows: unknown[]
    try {
      rows = await query(
        `INSERT INTO ${t.items} (owner, id, thread_id, created_at, data)
         SELECT $1, $2, $3, $4::timestamptz, $5::jsonb
         WHERE EXISTS (SELECT 1 FROM ${t.threads} WHERE owner = $1 AND id = $3)
         ON CONFLICT (owner, id) DO UPDATE
           SET thread_id = EXCLUDED.thread_id, created_at = EXCLUDED.created_at, data = EXCLUDED.data
         RETURNING 1`,
        params,
      )
    } catch (error) {
      // The thread was deleted between the check and the insert.
      if ((error as { code?: unknown }).code === '23503') throw new NotFoundError('not found')
      throw error
    }
    if (rows.length === 0) throw new NotFoundError('not found')
  }

  return {
    migrate,

    generateThreadId: () => generateId('thread'),
    generateItemId: (type) => generateId(type),
    generateAttachmentId: () => generateId('attachment'),

    async loadThread(threadId, context) {
      return loadOne<ThreadMetadata>(t.threads, 'owner = $1 AND id = $2', [ownerOf(context), threadId])
    },

    async saveThread(thread, context) {
      await query(
        `INSERT INTO ${t.threads} (owner, id, created_at, data) VALUES ($1, $2, $3::timestamptz, $4::jsonb)
         ON CONFLICT (owner, id) DO UPDATE SET created_at = EXCLUDED.created_at, data = EXCLUDED.data`,
        [ownerOf(context), thread.id, timestampOf(thread, 'thread'), JSON.stringify(thread)],
      )
    },

    async loadThreads(page, context) {
      return loadPage<ThreadMetadata>(t.threads, { owner: ownerOf(context) }, page)
    },

    async deleteThread(threadId, context) {
      // Its items go with it (ON DELETE CASCADE).
      await query(`DELETE FROM ${t.threads} WHERE owner = $1 AND id = $2`, [ownerOf(context), threadId])
    },

    async loadThreadItems(threadId, page, context) {
      return loadPage<ThreadItem>(t.items, { owner: ownerOf(context), thread_id: threadId }, page)
    },

    addThreadItem: putItem,
    saveItem: putItem,

    async loadItem(threadId, itemId, context) {
      return loadOne<ThreadItem>(t.items, 'owner = $1 AND thread_id = $2 AND id = $3', [
        ownerOf(context),
        threadId,
        itemId,
      ])
    },

    async deleteThreadItem(threadId, itemId, context) {
      await query(`DELETE FROM ${t.items} WHERE owner = $1 AND thread_id = $2 AND id = $3`, [
        ownerOf(context),
        threadId,
        itemId,
      ])
    },

    async saveAttachment(attachment: Attachment, context) {
      await query(
        `INSERT INTO ${t.attachments} (owner, id, data) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (owner, id) DO UPDATE SET data = EXCLUDED.data`,
        [ownerOf(context), attachment.id, JSON.stringify(attachment)],
      )
    },

    async loadAttachment(attachmentId, context) {
      return loadOne<Attachment>(t.attachments, 'owner = $1 AND id = $2', [ownerOf(context), attachmentId])
    },

    async deleteAttachment(attachmentId, context) {
      await query(`DELETE FROM ${t.attachments} WHERE owner = $1 AND id = $2`, [
        ownerOf(context),
        attachmentId,
      ])
    },
  }
}
