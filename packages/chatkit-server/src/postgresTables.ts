import { PostgresStoreError } from './postgresStoreError.ts'

/** Where the store's tables live. */
export interface PostgresTableOptions {
  /**
   * The PostgreSQL schema that holds the tables; created by the first migration when missing.
   * @default 'public'
   */
  schema?: string
  /**
   * Put in front of every table and index name, so the store can share a schema.
   * @default 'chatkit_'
   */
  tablePrefix?: string
}

/** The quoted, schema-qualified names the store's SQL uses. */
export interface PostgresTables {
  schema: string
  threads: string
  items: string
  attachments: string
  migrations: string
  /** Index names are per schema: the prefix keeps two stores in one schema apart. */
  prefix: string
  /** Names the migration lock: one per schema and prefix. */
  lockName: string
}

// Lower-case identifiers only: they go into SQL text (quoted), so nothing else may pass.
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,29}$/
const PREFIX = /^[a-z0-9_]{0,30}$/

/** Checks `schema` and `tablePrefix` and builds the names; throws `invalid_option` otherwise. */
export function postgresTables({
  schema = 'public',
  tablePrefix = 'chatkit_',
}: PostgresTableOptions): PostgresTables {
  if (!IDENTIFIER.test(schema))
    throw new PostgresStoreError('invalid_option', 'schema must match /^[a-z_][a-z0-9_]{0,29}$/')
  if (!PREFIX.test(tablePrefix))
    throw new PostgresStoreError('invalid_option', 'tablePrefix must match /^[a-z0-9_]{0,30}$/')
  const table = (name: string) => `"${schema}"."${tablePrefix}${name}"`
  return {
    schema: `"${schema}"`,
    threads: table('threads'),
    items: table('items'),
    attachments: table('attachments'),
    migrations: table('migrations'),
    prefix: tablePrefix,
    lockName: `chatkit-server:${schema}.${tablePrefix}`,
  }
}
