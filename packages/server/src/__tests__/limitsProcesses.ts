import { execFile } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { build } from 'esbuild'

const run = promisify(execFile)
// Inside the package's node_modules, so the bundle's `redis` and `ioredis` imports resolve.
const outDir = fileURLToPath(new URL('../../node_modules/.limits-test/', import.meta.url))
const outfile = `${outDir}child.mjs`

/** Bundles limitsChild.ts once (core from source), for plain `node` to run. */
export async function bundleLimitsChild(): Promise<void> {
  mkdirSync(outDir, { recursive: true })
  await build({
    entryPoints: [fileURLToPath(new URL('./limitsChild.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['redis', 'ioredis'],
    alias: { '@chatkit-session/core': fileURLToPath(new URL('../../../core/src/index.ts', import.meta.url)) },
    logLevel: 'silent',
  })
}

/** What one child process reported. */
export interface ChildResult {
  allowed: number
  refused: number
  codes: string[]
  retryAfterMs: number | null
}

/** Runs one child process and reads its report. */
export async function runLimitsChild(env: {
  REDIS_URL: string
  USER_ID: string
  LIMIT: number
  WINDOW_MS: number
  CALLS: number
  CLIENT?: 'node-redis' | 'ioredis'
  SKEW_MS?: number
}): Promise<ChildResult> {
  const { stdout } = await run(process.execPath, [outfile], {
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value)])),
    },
    timeout: 60_000,
  })
  return JSON.parse(stdout) as ChildResult
}
