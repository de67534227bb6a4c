import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { APP_DIR, demoEnv } from './constants'

/** A `next start` process this suite started, stopped by its PID. */
export interface NextServer {
  origin: string
  pid: number
  /** What the server printed, for failure messages. */
  output: () => string
  stop: () => Promise<void>
}

const running = new Set<NextServer>()
const started: NextServer[] = []

/** What every server started so far printed, for failure messages. */
export function allServerOutput(): string {
  return started.map((server) => `--- ${server.origin} (pid ${server.pid})\n${server.output()}`).join('\n')
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}

/**
 * The token and cookie secrets of a self-hosted demo server, fresh for a test file, and a new
 * data folder named after `label`: pass the same object to start the server again on the same
 * threads (a restart in the middle of a test).
 */
export function demoSecrets(label: string): Record<string, string> {
  return {
    CHATKIT_TOKEN_SECRET: randomBytes(32).toString('base64'),
    DEMO_COOKIE_SECRET: randomBytes(32).toString('base64'),
    CHATKIT_DATA_DIR: mkdtempSync(join(tmpdir(), `next-demo-${label}-`)),
  }
}

/**
 * Starts `next start` on a free 127.0.0.1 port with the demo's variables set to `env`. Each
 * server gets a new folder for its ChatKit threads unless `env` names one (`CHATKIT_DATA_DIR`):
 * one PGlite database serves one process.
 */
export async function startNextServer(env: Record<string, string>): Promise<NextServer> {
  const dataDir = env.CHATKIT_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'next-demo-chatkit-'))
  const next = createRequire(import.meta.url).resolve('next/dist/bin/next')
  const port = await freePort()
  const child = spawn(process.execPath, [next, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: APP_DIR,
    // A test server unless the test says otherwise: the control routes refuse NODE_ENV=production.
    env: demoEnv({ NODE_ENV: 'test', ...env, CHATKIT_DATA_DIR: dataDir }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const pid = child.pid
  if (pid === undefined) throw new Error('next start did not start')
  const lines: string[] = []
  child.stdout?.on('data', (chunk: Buffer) => lines.push(chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString()))
  const server: NextServer = {
    origin: `http://127.0.0.1:${port}`,
    pid,
    output: () => lines.join(''),
    stop: async () => {
      running.delete(server)
      if (child.exitCode !== null || child.signalCode !== null) return
      process.kill(pid, 'SIGTERM')
      if (!(await waitForExit(child, 5_000))) {
        process.kill(pid, 'SIGKILL')
        await waitForExit(child, 5_000)
      }
    },
  }
  running.add(server)
  started.push(server)
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${server.output()}`)
    try {
      await fetch(`${server.origin}/icon.svg`)
      return server
    } catch {
      if (Date.now() > deadline) {
        await server.stop()
        throw new Error(`next start did not answer within 30 s:\n${server.output()}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

/** Stops every server still running (afterAll, and on exit as a last resort). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map((server) => server.stop()))
}

process.once('exit', () => {
  for (const server of running) {
    try {
      process.kill(server.pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
})
