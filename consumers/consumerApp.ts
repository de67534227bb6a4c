import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { TOOLS, nextAcceptsReact, type PeerSet } from './peerSets.ts'
import { runCommand } from './runCommand.ts'

const FIXTURE = join(import.meta.dirname, 'fixture')
const STAMP = '.installed-package.json'

/** The `package.json` of a throwaway app: the tarballs as `file:` deps, exact peers and tools. */
export function consumerPackageJson(set: PeerSet, tarballs: Record<string, string>, dir: string): string {
  const packages = Object.fromEntries(
    Object.entries(tarballs).map(([name, path]) => [name, `file:${relative(dir, path)}`]),
  )
  const tools = Object.entries(TOOLS).filter(
    ([name]) => name !== 'next' || nextAcceptsReact(set.peers.react ?? ''),
  )
  return `${JSON.stringify(
    {
      name: `chatkit-session-consumer-${set.name}`,
      private: true,
      type: 'module',
      dependencies: { ...packages, ...set.peers, ...Object.fromEntries(tools) },
      // Nested @chatkit-session/* dependencies resolve to the tarballs too, never the registry.
      overrides: Object.fromEntries(Object.keys(packages).map((name) => [name, `$${name}`])),
    },
    null,
    2,
  )}\n`
}

/**
 * Makes (or reuses) the throwaway app of `set` under `cacheRoot/apps`: copies the fixture
 * sources in, writes its `package.json`, and runs `npm install` unless the same `package.json`
 * was installed there already. npm keeps what did not change, so a new tarball reinstalls
 * only that package. Resolves to the app's directory.
 */
export async function prepareConsumerApp(
  set: PeerSet,
  tarballs: Record<string, string>,
  cacheRoot: string,
): Promise<string> {
  const dir = join(cacheRoot, 'apps', set.name)
  mkdirSync(dir, { recursive: true })
  cpSync(FIXTURE, dir, { recursive: true })
  const packageJson = consumerPackageJson(set, tarballs, dir)
  writeFileSync(join(dir, 'package.json'), packageJson)
  // CONSUMER_NPM_LEGACY_PEER_DEPS=1 skips npm's peer check, to see what a peer below the
  // declared minimum breaks beyond the install (for bisecting; never in CI).
  const flags = process.env.CONSUMER_NPM_LEGACY_PEER_DEPS === '1' ? ['--legacy-peer-deps'] : []
  const installed = `${flags.join(' ')}\n${packageJson}`
  const stamp = join(dir, STAMP)
  if (
    existsSync(join(dir, 'node_modules')) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8') === installed
  ) {
    return dir
  }
  rmSync(stamp, { force: true })
  const install = await runCommand(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...flags],
    { cwd: dir, timeoutMs: 300_000 },
  )
  if (install.code !== 0) throw new Error(`npm install failed for ${set.name}:\n${install.output}`)
  writeFileSync(stamp, installed)
  return dir
}
