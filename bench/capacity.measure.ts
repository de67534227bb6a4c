import { build } from 'esbuild'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { it } from 'vitest'
import { mintToken } from '../packages/chatkit-server/src/__tests__/handlerSetup.ts'
import { startPostgres } from '../packages/chatkit-server/src/__tests__/postgresServer.ts'
import { runCapacityRow, type CapacityRow, type CapacityServerSpec } from './capacityRow.ts'
import { formatTable } from './table.ts'

// How many ChatKit conversations one server process holds. For 100, 1,000 and 5,000
// conversations at once (each a threads.create and two more messages, 3 s apart, each reply 50
// deltas over 2 s), one server process per store (memory, PGlite in a data folder, PostgreSQL
// through a pg Pool), two processes on one PostgreSQL, and a bare node:http server writing the
// same events at the same pace in the same run: the physical limit each row is compared with.
// The servers run in child processes (their own RSS and CPU), the load in this one.
//
// CAPACITY_SIZES (`100,1000`), CAPACITY_STORES (`memory,postgres`) and CAPACITY_PAIR=0 narrow
// the run; CAPACITY_PROFILE=<dir> runs each server with `node --cpu-prof` into that folder.

const REPO_ROOT = process.env.REPO_ROOT ?? process.cwd()
const SIZES = (process.env.CAPACITY_SIZES ?? '100,1000,5000').split(',').map(Number)
const STORES = (process.env.CAPACITY_STORES ?? 'memory,pglite,postgres').split(',').filter(Boolean)
const PAIR = process.env.CAPACITY_PAIR !== '0'
const PROFILE = process.env.CAPACITY_PROFILE
const DELTAS = 50
const INTERVAL_MS = 40
const MESSAGES = 3
const PERIOD_MS = 3000
/** Conversations per user: each user has several threads, on both servers of the pair. */
const PER_USER = 10

const NAMES: Record<string, string> = {
  bare: 'bare node:http (limit)',
  memory: 'memory store',
  pglite: 'PGlite (data folder)',
  postgres: 'PostgreSQL (pg Pool)',
  pair: 'PostgreSQL, 2 processes',
}

it('capacity: conversations one server process holds', async () => {
  const script = join(REPO_ROOT, 'node_modules/.cache/chatkit-capacity/capacityServer.mjs')
  mkdirSync(join(script, '..'), { recursive: true })
  await build({
    entryPoints: [join(REPO_ROOT, 'bench/capacityServer.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: script,
    // PGlite finds its WebAssembly beside its own files: it is loaded from node_modules.
    external: ['pg-native', '@electric-sql/pglite'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'silent',
  })
  const postgres = process.env.DATABASE_URL ? undefined : await startPostgres()
  const databaseUrl = process.env.DATABASE_URL ?? postgres?.url ?? ''
  const results: { server: string; row: CapacityRow }[] = []
  const table: string[][] = []
  try {
    for (const conversations of SIZES) {
      const users = await Promise.all(
        Array.from({ length: Math.max(2, Math.ceil(conversations / PER_USER)) }, async (_, i) => ({
          userId: `user_${i}`,
          token: await mintToken(`user_${i}`),
        })),
      )
      const run = async (server: string, specs: CapacityServerSpec[]) => {
        const row = await runCapacityRow({
          script,
          servers: specs,
          conversations,
          users,
          deltas: DELTAS,
          intervalMs: INTERVAL_MS,
          messages: MESSAGES,
          messagePeriodMs: PERIOD_MS,
          profileDir: PROFILE,
        })
        results.push({ server, row })
        console.log(`${NAMES[server]}, ${conversations}: ${JSON.stringify(row)}`)
        return row
      }
      const bare = await run('bare', [{ kind: 'bare' }])
      table.push(cells('bare', bare))
      const kinds = [...STORES, ...(PAIR ? ['pair'] : [])]
      for (const kind of kinds) {
        const schema = `capacity_${process.pid}_${kind}_${conversations}`
        const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'chatkit-capacity-')) : undefined
        const spec = (): CapacityServerSpec =>
          kind === 'pglite'
            ? { kind: 'pglite', env: { CAPACITY_PGLITE_DIR: dataDir ?? '' } }
            : kind === 'memory'
              ? { kind: 'memory' }
              : { kind: 'postgres', env: { DATABASE_URL: databaseUrl, CAPACITY_SCHEMA: schema } }
        try {
          const row = await run(kind, kind === 'pair' ? [spec(), spec()] : [spec()])
          table.push(cells(kind, row, bare))
        } finally {
          if (dataDir) rmSync(dataDir, { recursive: true, force: true })
          if (kind === 'postgres' || kind === 'pair') {
            const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 })
            await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
            await pool.end()
          }
        }
      }
    }
  } finally {
    postgres?.stop()
  }
  writeFileSync(
    join(REPO_ROOT, 'bench/results-capacity.json'),
    `${JSON.stringify({ deltas: DELTAS, intervalMs: INTERVAL_MS, messages: MESSAGES, periodMs: PERIOD_MS, results }, null, 2)}\n`,
  )
  console.log(
    `\n${formatTable(
      [
        'server',
        'conversations',
        'first event p50',
        'first event p99',
        `gap p99 (pace ${INTERVAL_MS} ms)`,
        'errors',
        'events/s',
        'RSS per open stream (GC first)',
        'CPU s per 1k events',
      ],
      table,
    )}\n\n(x bare): the ratio to the bare node:http server at the same size in the same run.` +
      '\nwritten to bench/results-capacity.json',
  )
})

/** One table row; beside each figure, its ratio to the bare server's. */
function cells(server: string, row: CapacityRow, bare?: CapacityRow): string[] {
  const ratio = (value: number, limit: number | undefined) =>
    bare && limit !== undefined ? ` (${(value / limit).toFixed(2)}x)` : ''
  const ms = (value: number, limit?: number) => `${value.toFixed(1)} ms${ratio(value, limit)}`
  const errors = Object.entries(row.errorReasons)
    .map(([reason, count]) => `${count} ${reason}`)
    .join(', ')
  const both =
    row.sameThreadsFromEach === undefined
      ? ''
      : row.sameThreadsFromEach
        ? ', threads same from both'
        : ', THREADS DIFFER'
  return [
    `${NAMES[server] ?? server}${both}`,
    row.conversations.toLocaleString('en'),
    ms(row.firstEventMs.p50, bare?.firstEventMs.p50),
    ms(row.firstEventMs.p99, bare?.firstEventMs.p99),
    ms(row.gapP99Ms, bare?.gapP99Ms),
    row.errors === 0 ? '0' : `${row.errors} (${errors})`,
    `${Math.round(row.eventsPerSecond).toLocaleString('en')}${ratio(row.eventsPerSecond, bare?.eventsPerSecond)}`,
    `${(row.rssPerStreamBytes / 1024).toFixed(1)} kB${ratio(row.rssPerStreamBytes, bare?.rssPerStreamBytes)}, heap ${(row.heapPerStreamBytes / 1024).toFixed(1)} kB`,
    `${row.cpuSecondsPer1000Events.toFixed(3)}${ratio(row.cpuSecondsPer1000Events, bare?.cpuSecondsPer1000Events)}`,
  ]
}
