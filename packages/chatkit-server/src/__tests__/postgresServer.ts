import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A PostgreSQL server this process started, and how to stop it. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:PORT/postgres`, trust authentication, local only. */
  url: string
  stop(): void
}

/** The newest Debian PostgreSQL binaries (`/usr/lib/postgresql/N/bin`), or `$PG_BIN`. */
function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN
  const base = '/usr/lib/postgresql'
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((name) => existsSync(join(base, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (!versions[0])
    throw new Error(
      'PostgreSQL is not installed: run `bash scripts/ensure-postgres.sh` (or set DATABASE_URL)',
    )
  return join(base, versions[0], 'bin')
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()))
    })
  })
}

/**
 * Starts a throwaway PostgreSQL server in a temporary directory on a free port of 127.0.0.1:
 * `initdb`, then `pg_ctl start`. The server refuses to run as root, so as root it runs as
 * Debian's `postgres` user (`runuser -u postgres --`). `stop()` stops it and removes the data.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = binDir()
  const asRoot = process.getuid?.() === 0
  const dir = mkdtempSync(join(tmpdir(), 'chatkit-pg-'))
  const data = join(dir, 'data')
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }))
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }))
    chownSync(dir, uid, gid)
  }
  const run = (tool: string, args: string[]) => {
    const options = { stdio: 'pipe', timeout: 60_000 } as const
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], options)
    else execFileSync(join(bin, tool), args, options)
  }
  const port = await freePort()
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'])
  run('pg_ctl', [
    'start',
    '-w',
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
  ])
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
