// @vitest-environment node
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import { launchBrowser } from '../apps/next-demo/e2e/browser.ts'
import buildDemo from '../apps/next-demo/e2e/globalSetup.ts'
import { startNextServer, stopAllServers } from '../apps/next-demo/e2e/nextServer.ts'
import { formatTable, percentile } from './table.ts'

const REPO_ROOT = process.env.REPO_ROOT ?? process.cwd()
/** Loads per variant, each a new user (a new browser context). */
const LOADS = 10
/** The emulator's answer time, standing in for the real API's. */
const API_LATENCY_MS = 300

const VARIANTS = [
  ['a. starter app pattern (fetch a route on mount, no cache)', '/starter'],
  ['b. ours, no prefetch (server action after hydration)', '/hosted?prefetch=0'],
  ['c. ours, prefetched while the page renders', '/hosted'],
] as const

interface LoadTiming {
  /** Navigation start to the first secret in the page, ms. */
  firstSecret: number
  /** Navigation start to hydration (the demo's performance mark), ms; undefined on /starter. */
  hydrated: number | undefined
}

// Time to first secret in Chromium on the production build of the demo, the emulator answering
// after 300 ms: what a person waits for before ChatKit can start.
it('time to first secret: starter pattern vs ours vs ours prefetched', async () => {
  await buildDemo()
  const [chrome, server] = await Promise.all([
    launchBrowser(),
    startNextServer({ CHATKIT_EMULATOR_LATENCY_MS: String(API_LATENCY_MS) }),
  ])
  const results: Record<string, LoadTiming[]> = {}
  try {
    // One warm-up load per variant, so the server's first compile of each route is not counted.
    for (const [name, path] of [...VARIANTS.map(([n, p]) => [`warm-up ${n}`, p] as const), ...VARIANTS]) {
      const loads = name.startsWith('warm-up') ? 1 : LOADS
      const timings: LoadTiming[] = []
      for (let i = 0; i < loads; i += 1) {
        const context = await chrome.browser.newContext()
        const page = await context.newPage()
        await page.addInitScript(() => {
          window.addEventListener(
            'chatkit-standin:secret',
            (event) => {
              ;(window as unknown as { __firstSecretAt: number }).__firstSecretAt = (
                event as CustomEvent<{ at: number }>
              ).detail.at
            },
            { once: true },
          )
        })
        await page.goto(`${server.origin}${path}`)
        await page.waitForFunction(() => '__firstSecretAt' in window, undefined, { timeout: 20_000 })
        timings.push(
          await page.evaluate(() => ({
            firstSecret:
              (window as unknown as { __firstSecretAt: number }).__firstSecretAt - performance.timeOrigin,
            hydrated: performance.getEntriesByName('chatkit-demo:hydrated')[0]?.startTime,
          })),
        )
        await context.close()
      }
      results[name] = timings
    }
  } finally {
    await chrome.close()
    await stopAllServers()
  }

  const rows: string[][] = []
  const p50 = (name: string) => percentile(results[name]?.map((t) => t.firstSecret) ?? [], 0.5)
  const starter = p50(VARIANTS[0][0])
  for (const [name] of VARIANTS) {
    const timings = results[name] ?? []
    const first = timings.map((t) => t.firstSecret)
    const afterHydration = timings.flatMap((t) =>
      t.hydrated === undefined ? [] : [t.firstSecret - t.hydrated],
    )
    rows.push([
      name,
      `${percentile(first, 0.5).toFixed(0)} / ${percentile(first, 0.9).toFixed(0)} ms`,
      afterHydration.length === 0
        ? '—'
        : `${percentile(afterHydration, 0.5).toFixed(0)} / ${percentile(afterHydration, 0.9).toFixed(0)} ms`,
      name === VARIANTS[0][0] ? 'baseline' : versusStarter(starter - p50(name)),
    ])
  }
  const table = formatTable(
    [
      `time to first secret (${LOADS} loads, API latency ${API_LATENCY_MS} ms)`,
      'navigation → secret, p50 / p90',
      'hydration → secret, p50 / p90 (goal c <= 50 ms)',
      `vs a. (goal c >= ${API_LATENCY_MS} ms sooner)`,
    ],
    rows,
  )
  writeFileSync(join(REPO_ROOT, 'bench/results-first-secret.json'), `${JSON.stringify(results, null, 2)}\n`)
  console.log(`\n${table}\n\nwritten to bench/results-first-secret.json`)
})

/** How much sooner (or later) than the starter pattern a variant's p50 comes. */
function versusStarter(gainMs: number): string {
  const ms = Math.abs(gainMs).toFixed(0)
  return gainMs >= 0 ? `${ms} ms sooner than a.` : `${ms} ms later than a.`
}
