import type { TestProject } from 'vitest/node'
import { startPostgres } from './postgresServer.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server of this run: `DATABASE_URL`, or one started for it. */
    databaseUrl: string
  }
}

/**
 * Vitest globalSetup of the chatkit-server project: uses `DATABASE_URL` when set, otherwise
 * starts a PostgreSQL server for the run and stops it at the end. Test files read the URL with
 * `inject('databaseUrl')` and each works in schemas of its own.
 */
export default async function setup(project: TestProject) {
  const fromEnv = process.env.DATABASE_URL
  if (fromEnv) {
    project.provide('databaseUrl', fromEnv)
    return
  }
  const server = await startPostgres()
  project.provide('databaseUrl', server.url)
  return () => server.stop()
}
