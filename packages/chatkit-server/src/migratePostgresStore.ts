import type { PostgresQueryable } from './postgresQueryable.ts'
import { PostgresStoreError } from './postgresStoreError.ts'
import { postgresTables, type PostgresTableOptions, type PostgresTables } from './postgresTables.ts'

/** One step of the schema. Shipped steps are never edited: a change is a new step at the end. */
interface Migration {
  version: number
  name: string
  /** Statements run inside the migration's PL/pgSQL block, each ending with `;`. */
  sql: (t: PostgresTables) => string
}

/** The store's schema, in order. */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'threads, items and attachments, scoped by owner',
    // `created_at` is a column for the (created_at, id) cursor and its indexes; the record
    // itself, its original `created_at` string included, is the jsonb `data`.
    sql: (t) => `
      CREATE TABLE ${t.threads} (
        owner text NOT NULL,
        id text NOT NULL,
        created_at timestamptz NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (owner, id)
      );
      CREATE INDEX "${t.prefix}threads_page" ON ${t.threads} (owner, created_at, id);
      CREATE TABLE ${t.items} (
        owner text NOT NULL,
        id text NOT NULL,
        thread_id text NOT NULL,
        created_at timestamptz NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (owner, id),
        FOREIGN KEY (owner, thread_id) REFERENCES ${t.threads} (owner, id) ON DELETE CASCADE
      );
      CREATE INDEX "${t.prefix}items_page" ON ${t.items} (owner, thread_id, created_at, id);
      CREATE TABLE ${t.attachments} (
        owner text NOT NULL,
        id text NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (owner, id)
      );`,
  },
]

/** The newest schema version this package knows. */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length

/** Where to migrate: the database and, optionally, the schema and table prefix of the store. */
export interface MigratePostgresStoreOptions extends PostgresTableOptions {
  /** A PGlite instance, a node-postgres `Pool` or `Client`. */
  db: PostgresQueryable
}

/**
 * Brings the store's tables up to {@link POSTGRES_SCHEMA_VERSION}, recording each step in a
 * `<prefix>migrations` table. The store runs it on first use; call it at deploy time to migrate
 * before serving.
 *
 * Safe when several processes start at once on one database: the whole run is one transaction
 * (one `DO` block) that first takes a transaction-level advisory lock, so the others wait, then
 * find the steps applied and skip them. Throws {@link PostgresStoreError} `newer_schema` when the
 * database is ahead of this package.
 */
export async function migratePostgresStore({ db, ...names }: MigratePostgresStoreOptions): Promise<void> {
  const t = postgresTables(names)
  const steps = MIGRATIONS.map(
    (m) => `
    IF NOT EXISTS (SELECT 1 FROM ${t.migrations} WHERE version = ${m.version}) THEN
      ${m.sql(t)}
      INSERT INTO ${t.migrations} (version, name) VALUES (${m.version}, '${m.name}');
    END IF;`,
  )
  // Every name in this text was checked by postgresTables; no value of a request reaches it.
  await db.query(`
    DO $migrate$
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext('${t.lockName}'));
      IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '${t.schema.slice(1, -1)}') THEN
        CREATE SCHEMA ${t.schema};
      END IF;
      CREATE TABLE IF NOT EXISTS ${t.migrations} (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      );
      ${steps.join('\n')}
    END
    $migrate$`)
  const { rows } = await db.query(`SELECT max(version) AS version FROM ${t.migrations}`)
  const [row] = rows as { version: number | null }[]
  if ((row?.version ?? 0) > POSTGRES_SCHEMA_VERSION)
    throw new PostgresStoreError(
      'newer_schema',
      `the database's store schema is newer than version ${POSTGRES_SCHEMA_VERSION}: upgrade @chatkit-session/chatkit-server`,
    )
}
