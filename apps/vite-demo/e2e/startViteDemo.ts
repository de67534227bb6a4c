import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { demoEnv } from '../../next-demo/e2e/constants'
import { freePort } from '../../next-demo/e2e/nextServer'

const SERVER = fileURLToPath(new URL('../dist/server/main.js', import.meta.url))

/** A built Vite demo server (`node dist/server/main.js`) that this suite started. */
export interface ViteDemoServer {
  origin: string
  pid: number
  /** What the server printed, for assertions and failure messages. */
  output: () => string
  stop: () => Promise<void>
}

const running = new Set<ViteDemoServer>()

/**
 * Starts the demo's Hono server on a free 127.0.0.1 port with the demo's variables set to `env`.
 * Each server gets a new folder for its ChatKit threads unless `env` names one
 * (`CHATKIT_DATA_DIR`): one PGlite database serves one process.
 */
export async function startViteDemo(env: Record<string, string> = {}): Promise<ViteDemoServer> {
  const port = await freePort()
  const dataDir = env.CHATKIT_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'vite-demo-chatkit-'))
  const child = spawn(process.execPath, [SERVER], {
    env: demoEnv({ ...env, CHATKIT_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  child.stdout.on('data', (chunk: Buffer) => lines.push(chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => lines.push(chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const server: ViteDemoServer = {
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    output: () => lines.join(''),
    stop: async () => {
      running.delete(server)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
  }
  running.add(server)
  // One process, no children: it listens once it prints its URL.
  const deadline = Date.now() + 20_000
  while (!server.output().includes('vite-demo: open')) {
    if (child.exitCode !== null) throw new Error(`the Vite demo server exited:\n${server.output()}`)
    if (Date.now() > deadline) throw new Error(`the Vite demo server did not start:\n${server.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return server
}

/** Stops every server still running. */
export async function stopViteDemos(): Promise<void> {
  await Promise.all([...running].map((server) => server.stop()))
}
