import {
  AttachmentFileError,
  type AttachmentFile,
  type AttachmentFileStore,
  type DeletedAttachmentFile,
} from './attachmentFileStore.ts'
import { migratePostgresAttachmentStore, postgresAttachmentTables } from './migratePostgresAttachmentStore.ts'
import { onceUntilSuccess } from './onceUntilSuccess.ts'
import type { PostgresQueryable } from './postgresQueryable.ts'
import type { PostgresTableOptions } from './postgresTables.ts'
import { NotFoundError, ownerKey } from './store.ts'

/** Options of {@link createPostgresAttachmentStore}. */
export interface PostgresAttachmentStoreOptions<TContext> extends PostgresTableOptions {
  /**
   * The database, usually the one the thread store uses: a PGlite instance or a node-postgres
   * `Pool`. The store never closes it.
   */
  db: PostgresQueryable
  /**
   * The key that scopes every file to one user: another key's file reads as missing.
   * @default (context) => context.userId
   */
  owner?: (context: TContext) => string
  /**
   * Bytes per stored chunk (one row of the chunks table): what a write or a read holds in
   * memory at a time.
   * @default 262144 (256 KiB)
   */
  chunkBytes?: number
}

/** A {@link AttachmentFileStore} on PostgreSQL, with its migration. */
export interface PostgresAttachmentStore<TContext> extends AttachmentFileStore<TContext> {
  /** Creates the tables when missing; every other method waits for it. */
  migrate(): Promise<void>
}

interface FileRow {
  id: string
  name: string
  mime_type: string
  size: string | number
  thread_id: string | null
  created_text: string
  state: 'pending' | 'writing' | 'uploaded'
}

const toFile = (row: FileRow): AttachmentFile => ({
  id: row.id,
  name: row.name,
  mime_type: row.mime_type,
  size: Number(row.size),
  thread_id: row.thread_id,
  created_at: row.created_text,
  uploaded: row.state === 'uploaded',
})

/** Joins chunks into one buffer of `size` bytes. */
function join(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

/**
 * An {@link AttachmentFileStore} in the same PGlite or PostgreSQL database as the threads: one
 * row per file, and its bytes in rows of `chunkBytes` each, written as the upload streams in and
 * read back one chunk per query, so neither a write nor a read holds a whole file in memory.
 * Deleting a file deletes its chunks (`ON DELETE CASCADE`).
 */
export function createPostgresAttachmentStore<TContext>(
  options: PostgresAttachmentStoreOptions<TContext>,
): PostgresAttachmentStore<TContext> {
  const { db, schema, tablePrefix } = options
  const chunkBytes = options.chunkBytes ?? 262_144
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1)
    throw new AttachmentFileError('invalid_option', 'chunkBytes: must be a whole number, at least 1')
  const t = postgresAttachmentTables({ schema, tablePrefix })

  const migrate = onceUntilSuccess(() => migratePostgresAttachmentStore({ db, schema, tablePrefix }))

  async function query<T>(text: string, params: unknown[]): Promise<T[]> {
    await migrate()
    const { rows } = await db.query(text, params)
    return rows as T[]
  }

  const ownerOf = (context: TContext) => ownerKey(options.owner, context, 'createPostgresAttachmentStore')
  const COLUMNS = 'id, name, mime_type, size, thread_id, created_text, state'

  async function loadRow(owner: string, id: string): Promise<FileRow> {
    const [row] = await query<FileRow>(`SELECT ${COLUMNS} FROM ${t.files} WHERE owner = $1 AND id = $2`, [
      owner,
      id,
    ])
    if (!row) throw new NotFoundError('attachment file not found')
    return row
  }

  return {
    migrate,

    async createFile(file, context) {
      const rows = await query(
        `INSERT INTO ${t.files} (owner, id, name, mime_type, size, thread_id, created_at, created_text, state)
         VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8::text, 'pending')
         ON CONFLICT (owner, id) DO NOTHING RETURNING 1`,
        [
          ownerOf(context),
          file.id,
          file.name,
          file.mime_type,
          file.size,
          file.thread_id,
          file.created_at,
          file.created_at,
        ],
      )
      if (rows.length === 0) throw new AttachmentFileError('exists', 'the owner has a file with this id')
    },

    async writeFile(id, body, context) {
      const owner = ownerOf(context)
      // Claims the file: of two concurrent writers, one moves it from pending to writing.
      const claimed = await query(
        `UPDATE ${t.files} SET state = 'writing' WHERE owner = $1 AND id = $2 AND state = 'pending' RETURNING 1`,
        [owner, id],
      )
      if (claimed.length === 0) {
        await loadRow(owner, id)
        throw new AttachmentFileError('already_uploaded', 'the file is uploaded or being uploaded')
      }
      let seq = 0
      let size = 0
      let pending: Uint8Array[] = []
      let pendingBytes = 0
      const flush = async () => {
        if (pendingBytes === 0) return
        const data = join(pending, pendingBytes)
        pending = []
        pendingBytes = 0
        await query(`INSERT INTO ${t.chunks} (owner, id, seq, data) VALUES ($1, $2, $3, $4)`, [
          owner,
          id,
          seq++,
          data,
        ])
      }
      try {
        for await (const chunk of body) {
          size += chunk.byteLength
          let rest = chunk
          while (rest.byteLength > 0) {
            const take = rest.subarray(0, chunkBytes - pendingBytes)
            pending.push(take.slice())
            pendingBytes += take.byteLength
            rest = rest.subarray(take.byteLength)
            if (pendingBytes === chunkBytes) await flush()
          }
        }
        await flush()
      } catch (error) {
        await query(`DELETE FROM ${t.chunks} WHERE owner = $1 AND id = $2`, [owner, id])
        await query(`UPDATE ${t.files} SET state = 'pending' WHERE owner = $1 AND id = $2`, [owner, id])
        throw error
      }
      const [row] = await query<FileRow>(
        `UPDATE ${t.files} SET state = 'uploaded', size = $3 WHERE owner = $1 AND id = $2 RETURNING ${COLUMNS}`,
        [owner, id, size],
      )
      // Deleted while it was written: its chunks went with it.
      if (!row) throw new NotFoundError('attachment file not found')
      return toFile(row)
    },

    async loadFile(id, context) {
      return toFile(await loadRow(ownerOf(context), id))
    },

    async readFile(id, context) {
      const owner = ownerOf(context)
      const row = await loadRow(owner, id)
      if (row.state !== 'uploaded') throw new NotFoundError('attachment file not uploaded')
      let seq = 0
      return {
        file: toFile(row),
        body: new ReadableStream<Uint8Array>({
          async pull(controller) {
            const [chunk] = await query<{ data: Uint8Array }>(
              `SELECT data FROM ${t.chunks} WHERE owner = $1 AND id = $2 AND seq = $3`,
              [owner, id, seq++],
            )
            if (chunk) controller.enqueue(new Uint8Array(chunk.data))
            else controller.close()
          },
        }),
      }
    },

    async setFileThread(id, threadId, context) {
      await query(`UPDATE ${t.files} SET thread_id = $3 WHERE owner = $1 AND id = $2`, [
        ownerOf(context),
        id,
        threadId,
      ])
    },

    async deleteAttachment(id, context) {
      await query(`DELETE FROM ${t.files} WHERE owner = $1 AND id = $2`, [ownerOf(context), id])
    },

    async deleteThreadFiles(threadId, context) {
      const rows = await query<{ id: string }>(
        `DELETE FROM ${t.files} WHERE owner = $1 AND thread_id = $2 RETURNING id`,
        [ownerOf(context), threadId],
      )
      return rows.map((row) => row.id)
    },

    async deleteUnsentFiles(createdBefore): Promise<DeletedAttachmentFile[]> {
      return query<DeletedAttachmentFile>(
        `DELETE FROM ${t.files} WHERE thread_id IS NULL AND created_at < $1::timestamptz RETURNING owner, id`,
        [createdBefore.toISOString()],
      )
    },
  }
}
