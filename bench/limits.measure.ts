// @vitest-environment node
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  createChatKitSessionAction,
  createMemoryLimitStore,
  createRedisLimitStore,
  type IssuanceLimits,
} from '@chatkit-session/server'
import { createClient } from 'redis'
import { it } from 'vitest'
import { startRedisServer } from '../packages/server/src/__tests__/redisServer.ts'
import { createEmulatorClient } from './emulatorAction.ts'
import { percentiles } from './random.ts'
import { formatTable } from './table.ts'

const REPO_ROOT = process.env.REPO_ROOT ?? process.cwd()
const CALLS = 3_000
const ms = (value: number) => `${value.toFixed(3)} ms`

/**
 * Issuance with no limiter, with the in-memory store and with the Redis store (a redis-server on
 * loopback, or REDIS_URL): the session action over the in-process emulator, five rules per call
 * (user and IP with two each, one global; limits high enough never to refuse), the three
 * interleaved so machine noise hits them alike.
 */
it('measures issuance with limits', async () => {
  const server = process.env.REDIS_URL ? undefined : await startRedisServer()
  const redis = await createClient({ url: process.env.REDIS_URL ?? server?.url }).connect()
  try {
    const { client } = createEmulatorClient()
    const high = [
      { limit: 1_000_000_000, window: 60_000 },
      { limit: 1_000_000_000, window: 3_600_000 },
    ]
    const limits = (store: IssuanceLimits['store']): IssuanceLimits => ({
      secret: 'a-bench-limits-key-of-at-least-32-bytes',
      user: high,
      ip: high,
      global: [{ limit: 1_000_000_000, window: 60_000 }],
      clientIp: () => '203.0.113.10',
      store,
    })
    const base = { client, getUser: () => 'user_bench', workflow: { id: 'wf_bench' } }
    const variants = {
      'no limiter': createChatKitSessionAction(base),
      'memory store': createChatKitSessionAction({
        ...base,
        limits: limits(createMemoryLimitStore()),
        headers: () => new Headers(),
      }),
      'Redis store': createChatKitSessionAction({
        ...base,
        limits: limits(createRedisLimitStore({ client: redis, onFailure: 'deny', timeoutMs: 5_000 })),
        headers: () => new Headers(),
      }),
    }
    const samples: Record<string, number[]> = Object.fromEntries(
      Object.keys(variants).map((name) => [name, []]),
    )
    for (let i = 0; i < CALLS + 200; i += 1) {
      for (const [name, action] of Object.entries(variants)) {
        const start = performance.now()
        const result = await action()
        const took = performance.now() - start
        if (!result.ok) throw new Error(`${name}: ${result.error.code}`)
        if (i >= 200) samples[name]?.push(took)
      }
    }
    const results = Object.fromEntries(
      Object.entries(samples).map(([name, values]) => [name, percentiles(values)]),
    )
    const none = results['no limiter'] ?? { p50: Number.NaN, p99: Number.NaN }
    const rows = Object.entries(results).flatMap(([name, { p50, p99 }]) => [
      [`7. issuance p50 (${CALLS} calls)`, name, ms(p50), `${(p50 / none.p50).toFixed(2)}x no limiter`],
      [`7. issuance p99 (${CALLS} calls)`, name, ms(p99), `${(p99 / none.p99).toFixed(2)}x no limiter`],
    ])
    writeFileSync(
      join(REPO_ROOT, 'bench/results-limits.json'),
      `${JSON.stringify({ calls: CALLS, ...results }, null, 2)}\n`,
    )
    console.log(
      `\n${formatTable(['figure', 'variant', 'measured', 'ratio'], rows)}\n\nwritten to bench/results-limits.json`,
    )
  } finally {
    await redis.quit()
    await server?.close()
  }
})
