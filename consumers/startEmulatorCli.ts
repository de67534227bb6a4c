import { spawn } from 'node:child_process'
import { join } from 'node:path'

/** The emulator CLI of an installed `@chatkit-session/testing`, listening on 127.0.0.1. */
export interface RunningEmulatorCli {
  baseURL: string
  stop: () => void
}

/**
 * Starts `node_modules/.bin/chatkit-emulator` of the app in `dir` on a free port of 127.0.0.1
 * with sessions of `lifetimeSeconds`, and resolves once it prints its address. `env` adds to the
 * environment (a `PATH` with another `node` first runs the CLI on that Node.js).
 */
export function startEmulatorCli(
  dir: string,
  lifetimeSeconds: number,
  env: Record<string, string> = {},
): Promise<RunningEmulatorCli> {
  const child = spawn(
    join(dir, 'node_modules', '.bin', 'chatkit-emulator'),
    ['--port', '0', '--host', '127.0.0.1', '--lifetime', String(lifetimeSeconds), '--quiet'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  )
  const stop = () => {
    child.kill('SIGTERM')
  }
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => {
      stop()
      reject(new Error(`the emulator CLI did not start in 10 s:\n${output}`))
    }, 10_000)
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(output)
      if (match?.[1] !== undefined) {
        clearTimeout(timer)
        resolve({ baseURL: match[1], stop })
      }
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the emulator CLI exited (${code}):\n${output}`))
    })
  })
}
