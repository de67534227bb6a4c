/** Why the Postgres store refused: see {@link PostgresStoreError}. */
export type PostgresStoreErrorCode =
  /** `schema` or `tablePrefix` is not a plain lower-case SQL identifier. */
  | 'invalid_option'
  /** The database was migrated by a newer version of this package: upgrade before serving. */
  | 'newer_schema'
  /** A thread or item's `created_at` is not an ISO 8601 timestamp. */
  | 'invalid_record'

/**
 * An error of the Postgres store's own, with a code. Its message names the option or field,
 * never a value. (A record that is not there is a `NotFoundError`, as in every store.)
 */
export class PostgresStoreError extends Error {
  override readonly name = 'PostgresStoreError'
  readonly code: PostgresStoreErrorCode

  constructor(code: PostgresStoreErrorCode, message: string) {
    super(message)
    this.code = code
  }
}
