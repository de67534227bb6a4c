import { spawn } from 'node:child_process'

/** What a finished command printed and how it ended. */
export interface CommandResult {
  code: number | null
  /** stdout and stderr interleaved, the last 20,000 characters. */
  output: string
  durationMs: number
}

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  cwd: string
  env?: Record<string, string>
  /** Kills the whole process group (next build forks workers) after this long. */
  timeoutMs: number
}

const KEEP = 20_000

/** Runs `command` without a shell in its own process group; never rejects for a non-zero exit. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<CommandResult> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let output = ''
    const append = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-KEEP)
    }
    child.stdout.on('data', append)
    child.stderr.on('data', append)
    const timer = setTimeout(() => {
      output += `\n[killed after ${options.timeoutMs} ms]`
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
    }, options.timeoutMs)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output, durationMs: Date.now() - started })
    })
  })
}
