import { delimiter, join } from 'node:path'
import { afterAll, describe, expect, inject, test } from 'vitest'
import { prepareConsumerApp } from './consumerApp.ts'
import { EXTRA_NODES } from './installNode.ts'
import { describePeers, nextAcceptsReact, selectPeerSets, type PeerSet } from './peerSets.ts'
import { runCommand, type CommandResult } from './runCommand.ts'
import { startEmulatorCli } from './startEmulatorCli.ts'
import { startNextServer } from './startNextServer.ts'

const tarballs = inject('consumerTarballs')
const cacheRoot = inject('consumerCacheRoot')
const nodes = inject('consumerNodes')
const peerSets = selectPeerSets()
const started = Date.now()

// One install per peer set, shared by its cells (which run concurrently in this file).
const apps = new Map<string, Promise<string>>()
function appOf(set: PeerSet): Promise<string> {
  let app = apps.get(set.name)
  if (app === undefined) {
    app = prepareConsumerApp(set, tarballs, cacheRoot)
    apps.set(set.name, app)
  }
  return app
}

const CELLS = ['tsc', 'vite', 'next', 'runtime', 'runtime node24', 'runtime node20.9'] as const
type Cell = (typeof CELLS)[number]
const table = new Map<string, Partial<Record<Cell, string>>>()
function record(set: PeerSet, cell: Cell, outcome: string) {
  table.set(set.name, { ...table.get(set.name), [cell]: outcome })
}

/**
 * Runs one step of a cell with `node` (this one, or the first on `env.PATH`) and fails with the
 * tail of its output when it exits non-zero.
 */
async function step(dir: string, args: readonly string[], cwd = dir, env: Record<string, string> = {}) {
  const node = env.PATH === undefined ? process.execPath : 'node'
  const result: CommandResult = await runCommand(node, args, {
    cwd,
    timeoutMs: 180_000,
    env: { NEXT_TELEMETRY_DISABLED: '1', ...env },
  })
  expect(result.code, `${args.join(' ')} failed:\n${result.output.slice(-6_000)}`).toBe(0)
  return result
}

/** Declares one matrix cell as one test, and records its outcome for the table. */
function cell(name: Cell, title: string, run: (set: PeerSet, dir: string) => Promise<void>) {
  describe.concurrent(title, () => {
    for (const set of peerSets) {
      test(`${name} | ${set.name}: ${describePeers(set)}`, async () => {
        const cellStarted = Date.now()
        record(set, name, 'fail')
        await run(set, await appOf(set))
        record(set, name, `pass (${((Date.now() - cellStarted) / 1000).toFixed(0)} s)`)
      })
    }
  })
}

cell('tsc', 'tsc --noEmit, skipLibCheck false, over the public API of each package', async (_, dir) => {
  await step(dir, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', 'api/tsconfig.json'])
})

cell('vite', 'vite build of a React SPA (provider, gate, badge, useChatKitApi)', async (_, dir) => {
  await step(dir, [join(dir, 'node_modules/vite/bin/vite.js'), 'build'], join(dir, 'spa'))
})

describe.concurrent(
  'next build (server action, route handlers, client component), then next start serving a thread from the ChatKit route',
  () => {
    for (const set of peerSets) {
      if (!nextAcceptsReact(set.peers.react ?? '')) {
        record(set, 'next', `n/a (next 16 needs react ^18.2.0 || ^19)`)
        continue
      }
      test(`next | ${set.name}: ${describePeers(set)}`, async () => {
        const cellStarted = Date.now()
        record(set, 'next', 'fail')
        const dir = await appOf(set)
        await step(dir, [join(dir, 'node_modules/next/dist/bin/next'), 'build'], join(dir, 'next'))
        // The built app's ChatKit route serves a thread to the headless client from the tarball.
        const next = await startNextServer(dir, join(dir, 'next'))
        try {
          await step(dir, ['--conditions=react-server', 'runtime/chatkitServer.mjs'], dir, {
            CHATKIT_URL: `${next.origin}/api/chatkit`,
          })
        } finally {
          next.stop()
        }
        record(set, 'next', `pass (${((Date.now() - cellStarted) / 1000).toFixed(0)} s)`)
      })
    }
  },
)

/**
 * The runtime steps: the server package under react-server on the emulator CLI, the hook, then a
 * ChatKit server from the chatkit-server tarball serving a thread to the headless client.
 */
async function runtimeSteps(dir: string, env: Record<string, string> = {}, { hook = true } = {}) {
  const emulator = await startEmulatorCli(dir, 3, env)
  try {
    const withEmulator = { ...env, CHATKIT_EMULATOR_URL: emulator.baseURL }
    await step(dir, ['--conditions=react-server', 'runtime/server.mjs'], dir, withEmulator)
    if (hook) await step(dir, ['runtime/hook.mjs'], dir, withEmulator)
    await step(dir, ['--conditions=react-server', 'runtime/chatkitServer.mjs'], dir, env)
  } finally {
    emulator.stop()
  }
}

cell(
  'runtime',
  'runtime: server under react-server on the emulator CLI, hook rotating sessions in a DOM, ChatKit server to the headless client',
  async (_, dir) => {
    await runtimeSteps(dir)
  },
)

cell('runtime node24', `the same runtime steps on Node ${EXTRA_NODES.node24}`, async (_, dir) => {
  const PATH = `${nodes.node24}${delimiter}${process.env.PATH ?? ''}`
  const version = await step(dir, ['-p', 'process.version'], dir, { PATH })
  expect(version.output.trim()).toBe(`v${EXTRA_NODES.node24}`)
  await runtimeSteps(dir, { PATH })
})

cell(
  'runtime node20.9',
  `on Node ${EXTRA_NODES.node20min}, the engines floor: the server package on the emulator CLI and the ChatKit server to the headless client (not the hook: jsdom 29 needs Node >= 20.19)`,
  async (_, dir) => {
    const PATH = `${nodes.node20min}${delimiter}${process.env.PATH ?? ''}`
    const version = await step(dir, ['-p', 'process.version'], dir, { PATH })
    expect(version.output.trim()).toBe(`v${EXTRA_NODES.node20min}`)
    await runtimeSteps(dir, { PATH }, { hook: false })
  },
)

afterAll(() => {
  const rows = peerSets.map((set) => {
    const outcomes = table.get(set.name) ?? {}
    return `| ${set.name} | ${describePeers(set)} | ${CELLS.map((name) => outcomes[name] ?? 'not run').join(' | ')} |`
  })
  console.log(
    [
      `Consumer matrix (${((Date.now() - started) / 1000).toFixed(0)} s, apps in ${cacheRoot}):`,
      `| set | peers | ${CELLS.join(' | ')} |`,
      `| --- | --- | ${CELLS.map(() => '---').join(' | ')} |`,
      ...rows,
    ].join('\n'),
  )
})
