import { PGlite } from '@electric-sql/pglite'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, inject } from 'vitest'
import { createMemoryStore } from '../createMemoryStore.ts'
import { createPostgresStore } from '../createPostgresStore.ts'
import { describeStoreConformance } from './describeStoreConformance.ts'

// Every store implementation runs the same suite.
describeStoreConformance('memory', () => createMemoryStore())

// PGlite takes seconds to start: one instance per engine, a new schema per test.
let schemas = 0
const freshSchema = () => `conformance_${process.pid}_${schemas++}`

const inMemory = new PGlite()
describeStoreConformance('PGlite in memory', () =>
  createPostgresStore({ db: inMemory, schema: freshSchema() }),
)

const dataDir = mkdtempSync(join(tmpdir(), 'chatkit-pglite-'))
const inFolder = new PGlite(dataDir)
describeStoreConformance('PGlite in a data folder', () =>
  createPostgresStore({ db: inFolder, schema: freshSchema() }),
)

const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 4 })
const serverSchemas: string[] = []
describeStoreConformance('PostgreSQL server (pg Pool)', () => {
  const schema = freshSchema()
  serverSchemas.push(schema)
  return createPostgresStore({ db: pool, schema })
})

afterAll(async () => {
  await inMemory.close()
  await inFolder.close()
  rmSync(dataDir, { recursive: true, force: true })
  // The server may be the developer's own (DATABASE_URL): leave nothing behind.
  for (const schema of serverSchemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await pool.end()
})
