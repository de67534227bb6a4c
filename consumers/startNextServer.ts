import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'

/** A built Next.js app served by `next start` on 127.0.0.1. */
export interface RunningNextServer {
  origin: string
  /** Stops `next start` and the `next-server` it forks (the whole process group). */
  stop: () => void
}

/** A port of 127.0.0.1 that nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/**
 * Runs `next start` for the built app in `appDir` (its `node_modules` in `dir`) on a free port of
 * 127.0.0.1, with `env` added, and resolves once it answers HTTP.
 */
export async function startNextServer(
  dir: string,
  appDir: string,
  env: Record<string, string> = {},
): Promise<RunningNextServer> {
  const port = await freePort()
  const child = spawn(
    process.execPath,
    [join(dir, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(port)],
    {
      cwd: appDir,
      // Its own process group: `next start` forks `next-server`, which outlives a killed parent.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    },
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  let exited = false
  child.once('exit', () => (exited = true))
  const stop = () => {
    if (child.pid === undefined) return
    try {
      process.kill(-child.pid, 'SIGTERM')
    } catch {
      // Already gone.
    }
  }
  const origin = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (exited) throw new Error(`next start exited:\n${output}`)
    const answered = await fetch(origin, { method: 'HEAD' }).then(
      () => true,
      () => false,
    )
    if (answered) return { origin, stop }
    if (Date.now() > deadline) {
      stop()
      throw new Error(`next start did not answer in 30 s:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}
