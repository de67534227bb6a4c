// @vitest-environment node
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import { launchBrowser } from '../apps/next-demo/e2e/browser.ts'
import buildDemo from '../apps/next-demo/e2e/globalSetup.ts'
import {
  LIFECYCLE_CASES,
  LIFECYCLE_SERVER_ENV,
  SCENARIOS,
  runScenario,
  type Scenario,
  type ScenarioResult,
} from '../apps/next-demo/e2e/lifecycle.ts'
import { startNextServer, stopAllServers } from '../apps/next-demo/e2e/nextServer.ts'
import { formatTable } from './table.ts'

const REPO_ROOT = process.env.REPO_ROOT ?? process.cwd()
/** Runs of every case: recovery is reported as p50 and max over them. */
const RUNS = 3

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? Number.NaN
}

// The lifecycle suite's scenarios (apps/next-demo/e2e/lifecycle.ts) in real Chromium with real
// timers, each case three times: every case of a run at once, each in its own browser context.
it('browser lifecycle: recovery, calls and expired secrets per scenario', async () => {
  await buildDemo()
  const [chrome, server] = await Promise.all([
    launchBrowser({ backForwardCache: true }),
    startNextServer(LIFECYCLE_SERVER_ENV),
  ])
  const results: ScenarioResult[] = []
  try {
    for (let run = 0; run < RUNS; run += 1) {
      results.push(
        ...(await Promise.all(
          LIFECYCLE_CASES.map(([scenario, mode, client]) =>
            runScenario(chrome.browser, server, scenario, client, mode),
          ),
        )),
      )
    }
  } finally {
    await chrome.close()
    await stopAllServers()
  }

  const rows: string[][] = []
  for (const scenario of Object.keys(SCENARIOS) as Scenario[]) {
    for (const mode of ['hosted', 'self-hosted'] as const) {
      for (const client of ['private', 'app'] as const) {
        const runs = results.filter((r) => r.scenario === scenario && r.mode === mode && r.client === client)
        const recoveries = runs.map((r) => r.recoveryMs ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b)
        rows.push([
          `${scenario}. ${SCENARIOS[scenario]}`,
          mode,
          client,
          `${percentile(recoveries, 0.5)} / ${percentile(recoveries, 1)} ms`,
          runs.map((r) => `${r.callsDuring}/${r.callsAllowed}`).join(', '),
          runs.map((r) => String(r.callsAfter)).join(', '),
          `${runs.reduce((n, r) => n + r.expiredHandedOut, 0)} of ${runs.reduce((n, r) => n + r.handedOut, 0)}`,
        ])
      }
    }
  }
  const table = formatTable(
    [
      'scenario',
      'mode',
      'client',
      `recovery p50 / max (${RUNS} runs; goal <= 5000)`,
      'calls during / allowed, per run',
      'calls in 5 s after',
      'expired handed out (goal 0)',
    ],
    rows,
  )
  writeFileSync(join(REPO_ROOT, 'bench/results-lifecycle.json'), `${JSON.stringify(results, null, 2)}\n`)
  console.log(`\n${table}\n\nwritten to bench/results-lifecycle.json`)
})
