// A stand-in server process for twoProcesses.test.ts: its own pg Pool and Postgres store on
// DATABASE_URL (schema STORE_SCHEMA), driven over stdin/stdout, one JSON call per line:
// `{ "id": 1, "method": "loadThread", "args": [...] }` answers `{ "id": 1, "ok": true, "value": ... }`.
// The test bundles it with esbuild, as Node 20 cannot run TypeScript.
import pg from 'pg'
import { createInterface } from 'node:readline'
import { createPostgresStore } from '../createPostgresStore.ts'

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 })
const store = createPostgresStore({ db: pool, schema: process.env.STORE_SCHEMA })
const methods: Record<string, (...args: unknown[]) => Promise<unknown>> = {
  ...(store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>),
  pid: async () => process.pid,
}

const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  const { id, method, args } = JSON.parse(line) as { id: number; method: string; args: unknown[] }
  const call = methods[method]
  if (!call) throw new Error(`no method ${method}`)
  call(...args).then(
    (value) => process.stdout.write(`${JSON.stringify({ id, ok: true, value })}\n`),
    (error: Error) => process.stdout.write(`${JSON.stringify({ id, ok: false, name: error.name })}\n`),
  )
})
lines.on('close', () => void pool.end())
