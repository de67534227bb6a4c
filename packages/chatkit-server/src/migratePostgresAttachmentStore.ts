import type { PostgresQueryable } from './postgresQueryable.ts'
import { postgresTables, type PostgresTableOptions } from './postgresTables.ts'

/** The quoted names of the attachment store's tables. */
export interface PostgresAttachmentTables {
  /** One row per file: its owner, id, name, type, size, thread and state. */
  files: string
  /** The bytes, in numbered chunks of a file. */
  chunks: string
  /** Index names are per schema: the prefix keeps two stores in one schema apart. */
  prefix: string
  lockName: string
}

/** Checks `schema` and `tablePrefix` (as the thread store does) and builds the table names. */
export function postgresAttachmentTables(names: PostgresTableOptions): PostgresAttachmentTables {
  const t = postgresTables(names)
  const table = (name: string) => `${t.schema}."${t.prefix}${name}"`
  return {
    files: table('attachment_files'),
    chunks: table('attachment_chunks'),
    prefix: t.prefix,
    lockName: `${t.lockName}:attachments`,
  }
}

/** Where to migrate: the database and, optionally, the schema and table prefix of the store. */
export interface MigratePostgresAttachmentStoreOptions extends PostgresTableOptions {
  /** A PGlite instance, a node-postgres `Pool` or `Client`. */
  db: PostgresQueryable
}

/**
 * Creates the attachment store's two tables when they are missing, in one `DO` block under an
 * advisory lock, so several processes starting at once do it once. The attachment store runs it
 * on first use; call it at deploy time to fail early. Its tables sit beside the thread store's
 * (same schema and prefix) and do not touch that store's migrations.
 */
export async function migratePostgresAttachmentStore({
  db,
  ...names
}: MigratePostgresAttachmentStoreOptions): Promise<void> {
  const t = postgresAttachmentTables(names)
  const schema = postgresTables(names).schema
  // Every name in this text was checked by postgresTables; no value of a request reaches it.
  await db.query(`
    DO $migrate$
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext('${t.lockName}'));
      IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '${schema.slice(1, -1)}') THEN
        CREATE SCHEMA ${schema};
      END IF;
      CREATE TABLE IF NOT EXISTS ${t.files} (
        owner text NOT NULL,
        id text NOT NULL,
        name text NOT NULL,
        mime_type text NOT NULL,
        size bigint NOT NULL,
        thread_id text,
        created_at timestamptz NOT NULL,
        created_text text NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'writing', 'uploaded')),
        PRIMARY KEY (owner, id)
      );
      CREATE INDEX IF NOT EXISTS "${t.prefix}attachment_files_thread" ON ${t.files} (owner, thread_id);
      CREATE INDEX IF NOT EXISTS "${t.prefix}attachment_files_unsent" ON ${t.files} (created_at)
        WHERE thread_id IS NULL;
      CREATE TABLE IF NOT EXISTS ${t.chunks} (
        owner text NOT NULL,
        id text NOT NULL,
        seq integer NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (owner, id, seq),
        FOREIGN KEY (owner, id) REFERENCES ${t.files} (owner, id) ON DELETE CASCADE
      );
    END
    $migrate$`)
}
