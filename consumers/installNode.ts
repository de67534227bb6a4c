import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { runCommand } from './runCommand.ts'

/**
 * The Node.js releases the runtime cells also run on, besides the one running the tests (Node 20,
 * which reached its end of life on 2026-04-30): Node 24, and 20.9.0, the oldest Node.js that
 * chatkit-server and testing declare in `engines` (and the oldest Next 16 accepts). Exact
 * versions, so a cell changes only when this line does; the npm registry's `node` package
 * carries the official binaries.
 */
export const EXTRA_NODES = { node24: '24.9.0', node20min: '20.9.0' } as const

/** A name of {@link EXTRA_NODES}. */
export type ExtraNode = keyof typeof EXTRA_NODES

/**
 * Installs the `node` package at `version` into `cacheRoot/node-<version>` unless it is there,
 * and resolves to the folder of its `node` binary (to put first on `PATH`).
 */
export async function installNode(cacheRoot: string, version: string): Promise<string> {
  const prefix = join(cacheRoot, `node-${version}`)
  const bin = join(prefix, 'node_modules', '.bin')
  if (existsSync(join(bin, 'node'))) return bin
  mkdirSync(prefix, { recursive: true })
  const result = await runCommand(
    'npm',
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `node@${version}`],
    { cwd: prefix, timeoutMs: 300_000 },
  )
  if (result.code !== 0 || !existsSync(join(bin, 'node'))) {
    throw new Error(`npm could not install node@${version}:\n${result.output.slice(-4_000)}`)
  }
  return bin
}
