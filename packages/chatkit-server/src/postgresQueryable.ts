/**
 * What the Postgres store needs of a database: one method, which a PGlite instance
 * (`@electric-sql/pglite`), a node-postgres `Pool` or `Client` (`pg`) all have. The store
 * imports neither: it runs on whichever the app passes.
 *
 * Parameters are `$1, $2, ...`; a call without parameters runs one statement.
 */
export interface PostgresQueryable {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>
}
