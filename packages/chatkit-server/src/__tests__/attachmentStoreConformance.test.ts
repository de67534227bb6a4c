import { PGlite } from '@electric-sql/pglite'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, expect, inject, it } from 'vitest'
import { createFileAttachmentStore } from '../createFileAttachmentStore.ts'
import { createMemoryAttachmentStore } from '../createMemoryAttachmentStore.ts'
import { createPostgresAttachmentStore } from '../createPostgresAttachmentStore.ts'
import { describeAttachmentStoreConformance } from './describeAttachmentStoreConformance.ts'

// Every attachment store runs the same suite.
describeAttachmentStoreConformance('memory', () => createMemoryAttachmentStore())

const folders: string[] = []
const freshFolder = () => {
  const folder = mkdtempSync(join(tmpdir(), 'chatkit-files-'))
  folders.push(folder)
  return folder
}
describeAttachmentStoreConformance('files on disk', () =>
  createFileAttachmentStore({ directory: join(freshFolder(), 'attachments') }),
)

let schemas = 0
const freshSchema = () => `attachments_${process.pid}_${schemas++}`

// Small chunks, so a 700 KB file spans several rows and chunk boundaries fall mid-write.
const inMemory = new PGlite()
describeAttachmentStoreConformance('PGlite in memory', () =>
  createPostgresAttachmentStore({ db: inMemory, schema: freshSchema(), chunkBytes: 100_000 }),
)

const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 4 })
const serverSchemas: string[] = []
describeAttachmentStoreConformance('PostgreSQL server (pg Pool)', () => {
  const schema = freshSchema()
  serverSchemas.push(schema)
  return createPostgresAttachmentStore({ db: pool, schema, chunkBytes: 100_000 })
})

it('the file store names nothing on disk after a file name or an id', async () => {
  const directory = join(freshFolder(), 'attachments')
  const store = createFileAttachmentStore({ directory })
  const context = { userId: '../../outside' }
  await store.createFile(
    {
      id: '../../../escape',
      name: '../../etc/passwd',
      mime_type: 'text/plain',
      size: 1,
      thread_id: null,
      created_at: '2026-01-01T00:00:00.000Z',
      uploaded: false,
    },
    context,
  )
  await store.writeFile('../../../escape', new Blob(['x']).stream(), context)
  const parent = join(directory, '..')
  expect(readdirSync(parent)).toEqual(['attachments'])
  const [folder, ...others] = readdirSync(directory)
  expect(others).toEqual([])
  expect(folder).toMatch(/^[0-9a-f]{64}$/)
  expect(readdirSync(join(directory, folder ?? '')).sort()).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^[0-9a-f]{64}\.bin$/),
      expect.stringMatching(/^[0-9a-f]{64}\.json$/),
    ]),
  )
})

afterAll(async () => {
  await inMemory.close()
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
  for (const schema of serverSchemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await pool.end()
})
