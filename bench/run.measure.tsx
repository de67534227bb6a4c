import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import type { bundleSizes } from '../scripts/bundleSize.mjs'
import { dedupe } from './dedupe.tsx'
import { IDEAL_CALLS_PER_HOUR, freshnessSoak, type Contender } from './freshnessSoak.tsx'
import { getClientSecretLatency } from './latency.tsx'
import { rendersPerRefresh } from './renders.tsx'
import { serverActionOverhead } from './serverOverhead.ts'
import { formatTable } from './table.ts'

const REPO_ROOT = process.env.REPO_ROOT ?? process.cwd()

const ms = (value: number) => `${value < 0.1 ? value.toFixed(4) : value.toFixed(2)} ms`
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} kB`
const ratio = (value: number) => `${value.toFixed(2)}x`

it('measures', async () => {
  const rows: [string, string, string, string][] = []
  const results: Record<string, unknown> = {}

  const soak: Record<string, Awaited<ReturnType<typeof freshnessSoak>>> = {}
  for (const contender of ['ours', 'naive', 'never-refresh'] as Contender[]) {
    soak[contender] = await freshnessSoak(contender, 42)
  }
  results.freshnessSoak = { idealCallsPerHour: IDEAL_CALLS_PER_HOUR, ...soak }
  for (const contender of ['ours', 'naive', 'never-refresh']) {
    const r = soak[contender]
    if (!r) continue
    rows.push([
      `1. soak 24 h: expired secrets handed out`,
      contender,
      `${r.expiredHandedOut} of ${r.asks} asks (${r.failedAsks} failed)`,
      'goal 0',
    ])
    rows.push([
      `1. soak 24 h: action calls per hour`,
      contender,
      `${r.callsPerHour.toFixed(2)} (${ratio(r.ratioToIdeal)} ideal ${IDEAL_CALLS_PER_HOUR.toFixed(2)})`,
      'goal <= 1.10x',
    ])
  }

  const latency = await getClientSecretLatency(100_000, 100_000)
  results.getClientSecretLatency = latency
  rows.push([
    '2. getClientSecret, fresh secret, p50',
    'ours vs naive',
    `${ms(latency.ours.p50)} vs ${ms(latency.naive.p50)}`,
    `${ratio(latency.naive.p50 / latency.ours.p50)} faster`,
  ])
  rows.push([
    '2. getClientSecret, fresh secret, p99',
    'ours vs naive',
    `${ms(latency.ours.p99)} vs ${ms(latency.naive.p99)}`,
    `${ratio(latency.naive.p99 / latency.ours.p99)} faster`,
  ])

  const dedupeResult = await dedupe(1_000)
  results.dedupe = dedupeResult
  rows.push([
    '3. 1,000 mounts + 1,000 concurrent asks: action calls',
    'ours vs naive',
    `${dedupeResult.oursCalls} vs ${dedupeResult.naiveCalls}`,
    'goal 1',
  ])

  const renders = await rendersPerRefresh(100)
  results.rendersPerRefresh = renders
  rows.push([
    '4. renders per refresh, status-only consumer',
    'ours vs hand-rolled',
    `${renders.ours.statusOnlyPerConsumer} vs ${renders.handRolled.statusOnlyPerConsumer}`,
    'goal <= 2',
  ])
  rows.push([
    '4. renders per refresh, getClientSecret-only consumer',
    'ours vs hand-rolled',
    `${renders.ours.getterOnlyPerConsumer} vs ${renders.handRolled.getterOnlyPerConsumer}`,
    'goal 0',
  ])
  rows.push([
    '4. React Profiler commits per refresh (whole tree)',
    'ours vs hand-rolled',
    `${renders.ours.commits} vs ${renders.handRolled.commits}`,
    '',
  ])

  // esbuild refuses to run inside jsdom: measure in a plain Node process.
  const script = join(REPO_ROOT, 'scripts/bundleSize.mjs')
  const sizes = JSON.parse(execFileSync(process.execPath, [script], { encoding: 'utf8' })) as Awaited<
    ReturnType<typeof bundleSizes>
  >
  results.bundleSize = sizes
  const size = (s: { brotli: number; minified: number }) => `${kb(s.brotli)} (${kb(s.minified)} min)`
  rows.push([
    '5. @chatkit-session/react + core, every export',
    'peers and zod external',
    size(sizes.ours),
    '',
  ])
  rows.push([
    '5. typical import (ChatKitProvider + useChatKitApi)',
    'peers and zod external',
    size(sizes.typical),
    'goal <= 3 kB',
  ])
  rows.push(['5. useChatKitSession alone', 'peers and zod external', size(sizes.hook), 'goal <= 2.5 kB'])
  rows.push([
    '5. @chatkit-session/react/components entry',
    'peers and zod external',
    size(sizes.components),
    'not loaded by a ChatKit-only page',
  ])
  rows.push(['5. zod (mini) pulled in, min + brotli', 'when bundled', kb(sizes.zodPulledIn.brotli), ''])
  rows.push([
    '5. @openai/chatkit-react entry, min + brotli',
    'reference',
    `${kb(sizes.chatkitReact.brotli)} (${kb(sizes.chatkitReact.minified)} min)`,
    `ours is ${ratio(sizes.ours.brotli / sizes.chatkitReact.brotli)}`,
  ])

  const overhead = await serverActionOverhead(2_000)
  results.serverActionOverhead = overhead
  rows.push([
    '6. server action vs raw SDK call, p50',
    '2,000 calls each',
    `${ms(overhead.action.p50)} vs ${ms(overhead.raw.p50)}`,
    `${ratio(overhead.action.p50 / overhead.raw.p50)} (goal <= 1.05x)`,
  ])
  rows.push([
    '6. server action vs raw SDK call, p99',
    '2,000 calls each',
    `${ms(overhead.action.p99)} vs ${ms(overhead.raw.p99)}`,
    `${ratio(overhead.action.p99 / overhead.raw.p99)} (goal <= 1.05x)`,
  ])

  const memory = JSON.parse(
    execFileSync(process.execPath, ['--expose-gc', join(REPO_ROOT, 'bench/memoryStore.mjs')], {
      encoding: 'utf8',
    }),
  ) as { threads: number; bytesPer1000Threads: { empty: number; tenItems: number }; itemTextChars: number }
  results.memoryStore = memory
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`
  rows.push([
    '7. chatkit-server memory store, heap per 1,000 threads',
    `no items / 10 items of ${memory.itemTextChars} chars`,
    `${mb(memory.bytesPer1000Threads.empty)} / ${mb(memory.bytesPer1000Threads.tenItems)}`,
    `after GC, ${memory.threads.toLocaleString('en')} threads`,
  ])

  const table = formatTable(['figure', 'compared', 'measured', 'ratio / goal'], rows)
  writeFileSync(join(REPO_ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`)
  console.log(`\n${table}\n\nwritten to bench/results.json`)
})
