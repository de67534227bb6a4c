import { afterAll, beforeAll, describe, test } from 'vitest'
import { launchBrowser, type TestBrowser } from './browser'
import {
  LIFECYCLE_CASES,
  LIFECYCLE_SERVER_ENV,
  SCENARIOS,
  runScenario,
  type ScenarioResult,
} from './lifecycle'
import { startNextServer, stopAllServers, type NextServer } from './nextServer'

/** The bound the issue sets: a fresh secret within 5 s of the condition's end. */
const MAX_RECOVERY_MS = 5_000

let chrome: TestBrowser
let server: NextServer
const results: ScenarioResult[] = []

beforeAll(async () => {
  ;[chrome, server] = await Promise.all([
    launchBrowser({ backForwardCache: true }),
    startNextServer(LIFECYCLE_SERVER_ENV),
  ])
})

afterAll(async () => {
  results.sort((x, y) =>
    `${x.scenario}${x.mode}${x.client}`.localeCompare(`${y.scenario}${y.mode}${y.client}`),
  )
  console.log(
    '[lifecycle] scenario | mode | client | recovery ms | calls during (allowed) | calls after | expired/handed out\n' +
      results
        .map(
          (r) =>
            `[lifecycle] ${r.scenario} | ${r.mode} | ${r.client} | ${r.recoveryMs ?? 'none'} | ` +
            `${r.callsDuring} (${r.callsAllowed}) | ${r.callsAfter} | ${r.expiredHandedOut}/${r.handedOut}`,
        )
        .join('\n'),
  )
  await chrome?.close()
  await stopAllServers()
})

// Every case has its own browser context and user on one shared server (faults are injected
// per page), so all of them run at once and the suite takes about as long as one case.
describe.concurrent('browser lifecycle in Chromium, real timers', () => {
  test.for(LIFECYCLE_CASES)('%s: %s, %s client', async ([scenario, mode, client], { expect }) => {
    const result = await runScenario(chrome.browser, server, scenario, client, mode)
    results.push(result)
    const context = `${SCENARIOS[scenario]} (${mode}, ${client} client): ${JSON.stringify(result)}`
    expect(result.recoveryMs, context).not.toBeNull()
    expect(result.recoveryMs ?? Infinity, context).toBeLessThanOrEqual(MAX_RECOVERY_MS)
    expect(result.expiredHandedOut, context).toBe(0)
    expect(result.callsDuring, context).toBeLessThanOrEqual(result.callsAllowed)
    // No storm when the condition ends: the recovery call, and at most one already on its way.
    expect(result.callsAfter, context).toBeLessThanOrEqual(2)
    if (scenario === 'f') expect(result.restoredFromBfcache, context).toBe(true)
  })
})
