// @vitest-environment node
import { streamAgentResponse } from '@chatkit-session/chatkit-server/agents'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import { recordRun, replayRun } from '../packages/chatkit-server/src/__tests__/agents/recordedRun.ts'
import { percentiles } from './random.ts'
import { formatTable } from './table.ts'

// The Agents SDK bridge's cost on a long answer: a real SDK run of 20,000 text deltas recorded
// once, then replayed through streamAgentResponse (a ChatKit event per delta) against the same
// replay iterated bare, interleaved so machine noise hits both alike.

const REPO_ROOT = process.env.REPO_ROOT ?? process.cwd()
const DELTAS = 20_000

it('measures streamAgentResponse against the bare recorded stream', async () => {
  const recorded = await recordRun(Array.from({ length: DELTAS }, (_, n) => `word${n} `))
  let ids = 0
  const options = {
    threadId: 'thr_bench',
    generateItemId: () => `item_${ids++}`,
    now: () => '2026-01-01T00:00:00.000Z',
  }
  const throughBridge = async () => {
    const start = performance.now()
    let events = 0
    for await (const _event of streamAgentResponse(replayRun(recorded), options)) events += 1
    return { ms: performance.now() - start, events }
  }
  const bare = async () => {
    const start = performance.now()
    let events = 0
    for await (const _event of replayRun(recorded)) events += 1
    return { ms: performance.now() - start, events }
  }

  const bridgeRates: number[] = []
  const bareRates: number[] = []
  let chatKitEvents = 0
  for (let i = 0; i < 14; i += 1) {
    const [a, b] = [await throughBridge(), await bare()]
    if (i < 4) continue // warm-up
    chatKitEvents = a.events
    // Per delta of the model's stream, on both sides: the same unit of work.
    bridgeRates.push(DELTAS / (a.ms / 1000))
    bareRates.push(DELTAS / (b.ms / 1000))
  }
  const rate = { bridge: percentiles(bridgeRates).p50, bare: percentiles(bareRates).p50 }
  const perSecond = (value: number) => `${Math.round(value).toLocaleString('en')}/s`
  const rows = [
    [
      `8. Agents SDK bridge: deltas/s, ${DELTAS.toLocaleString('en')}-delta recorded run, p50`,
      'streamAgentResponse vs the bare recorded stream',
      `${perSecond(rate.bridge)} vs ${perSecond(rate.bare)}`,
      `${(rate.bridge / rate.bare).toFixed(2)}x (${chatKitEvents.toLocaleString('en')} ChatKit events out)`,
    ],
  ]
  writeFileSync(
    join(REPO_ROOT, 'bench/results-agent-stream.json'),
    `${JSON.stringify({ deltasPerSecond: rate, deltas: DELTAS, recordedEvents: recorded.length, chatKitEvents }, null, 2)}\n`,
  )
  console.log(
    `\n${formatTable(['figure', 'compared', 'measured', 'ratio / goal'], rows)}\n\nwritten to bench/results-agent-stream.json`,
  )
})
