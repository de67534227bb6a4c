// `@chatkit-session/chatkit-server/postgres`: the store on PostgreSQL (PGlite or a server). Its
// own entry, so an app on the memory store loads none of it. It imports no database driver.
export { createPostgresStore } from './createPostgresStore.ts'
export type { PostgresStore, PostgresStoreOptions } from './createPostgresStore.ts'
export { POSTGRES_SCHEMA_VERSION, migratePostgresStore } from './migratePostgresStore.ts'
export type { MigratePostgresStoreOptions } from './migratePostgresStore.ts'
export type { PostgresQueryable } from './postgresQueryable.ts'
export { PostgresStoreError } from './postgresStoreError.ts'
export type { PostgresStoreErrorCode } from './postgresStoreError.ts'
export type { PostgresTableOptions } from './postgresTables.ts'
export { createPostgresAttachmentStore } from './createPostgresAttachmentStore.ts'
export type {
  PostgresAttachmentStore,
  PostgresAttachmentStoreOptions,
} from './createPostgresAttachmentStore.ts'
export { migratePostgresAttachmentStore } from './migratePostgresAttachmentStore.ts'
export type { MigratePostgresAttachmentStoreOptions } from './migratePostgresAttachmentStore.ts'
