import { createHash } from 'node:crypto'
import { homedir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { EXTRA_NODES, installNode, type ExtraNode } from './installNode.ts'
import { packTarballs } from './packTarballs.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Package name -> path of its packed tarball. */
    consumerTarballs: Record<string, string>
    /** Where the throwaway apps live, outside the repository. */
    consumerCacheRoot: string
    /** Name of each extra Node.js release -> the folder of its `node` binary. */
    consumerNodes: Record<ExtraNode, string>
  }
}

const repoRoot = dirname(import.meta.dirname)

/**
 * The cache of the throwaway apps: outside the repository (so no workspace `node_modules` is
 * ever found by walking up), one per checkout. `CONSUMER_CACHE_DIR` moves it.
 */
export function consumerCacheRoot(env: Record<string, string | undefined> = process.env): string {
  if (env.CONSUMER_CACHE_DIR) return env.CONSUMER_CACHE_DIR
  const checkout = `${basename(repoRoot)}-${createHash('sha256').update(repoRoot).digest('hex').slice(0, 8)}`
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'chatkit-session-consumers', checkout)
}

/** Packs the built packages once for the whole matrix. */
export default async function setup(project: TestProject): Promise<void> {
  const cacheRoot = consumerCacheRoot()
  project.provide('consumerCacheRoot', cacheRoot)
  const [tarballs, ...bins] = await Promise.all([
    packTarballs(repoRoot, join(cacheRoot, 'tarballs')),
    ...Object.values(EXTRA_NODES).map((version) => installNode(cacheRoot, version)),
  ])
  project.provide('consumerTarballs', tarballs)
  project.provide(
    'consumerNodes',
    Object.fromEntries(Object.keys(EXTRA_NODES).map((name, index) => [name, bins[index]])) as Record<
      ExtraNode,
      string
    >,
  )
}
