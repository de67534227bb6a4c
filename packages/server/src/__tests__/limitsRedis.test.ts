import IORedis from 'ioredis'
import IORedis5 from 'ioredis-5'
import { createClient } from 'redis'
import { createClient as createClient5 } from 'redis-5'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { createRedisLimitStore, type RedisLimitStoreOptions } from '../createRedisLimitStore.ts'
import { createIssuanceLimiter } from '../issuanceLimits.ts'
import type { LimitCheck } from '../limitStore.ts'
import { bundleLimitsChild, runLimitsChild } from './limitsProcesses.ts'
import { startRedisServer, type RedisServer } from './redisServer.ts'

const url = inject('redisUrl')
let run = 0
/** A user id no other test (or earlier run against a shared REDIS_URL) has used. */
const freshUser = (name: string) => `${name}-${process.pid}-${Date.now()}-${(run += 1)}`

type Client = RedisLimitStoreOptions['client'] & { close: () => Promise<unknown> }

/** The four clients the store accepts: node-redis and ioredis, the newest and the oldest in range. */
const clients: { name: string; connect: (url: string) => Promise<Client> }[] = [
  {
    name: 'redis 6.4 (node-redis)',
    connect: async (at) => {
      const client = await createClient({ url: at }).connect()
      return Object.assign(client, { close: () => client.quit() })
    },
  },
  {
    name: 'redis 5.0.0 (node-redis)',
    connect: async (at) => {
      const client = await createClient5({ url: at }).connect()
      return Object.assign(client, { close: () => client.quit() })
    },
  },
  {
    name: 'ioredis 6.1',
    connect: (at) => {
      const client = new IORedis(at)
      return Promise.resolve(Object.assign(client, { close: () => client.quit() }))
    },
  },
  {
    name: 'ioredis 5.0.0',
    connect: (at) => {
      const client = new IORedis5(at)
      return Promise.resolve(Object.assign(client, { close: () => client.quit() }))
    },
  },
]

const check = (tier: LimitCheck['tier'], key: string, limit: number, windowMs = 60_000): LimitCheck => ({
  tier,
  key,
  limit,
  windowMs,
})

describe.each(clients)('the Redis store with $name', ({ connect }) => {
  let client: Client
  beforeAll(async () => {
    client = await connect(url)
  })
  afterAll(async () => {
    await client.close()
  })

  it('allows exactly `limit`, then refuses with the time until one more fits', async () => {
    const store = createRedisLimitStore({ client })
    const key = freshUser('exact')
    const decisions = []
    for (let i = 0; i < 5; i += 1) decisions.push(await store.hit([check('user', key, 3, 30_000)]))
    expect(decisions.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }])
    for (const refused of decisions.slice(3)) {
      expect(refused).toMatchObject({ allowed: false, refusedBy: 'user' })
      // One call per 10 s refills: the next fits within 10 s.
      expect(refused.allowed ? 0 : refused.retryAfterMs).toBeGreaterThan(9_000)
      expect(refused.allowed ? 0 : refused.retryAfterMs).toBeLessThanOrEqual(10_000)
    }
  })

  it('checks the most specific tier first, and a refusal spends nothing in any tier', async () => {
    const store = createRedisLimitStore({ client })
    const global = freshUser('global')
    const [a, b, c] = [freshUser('a'), freshUser('b'), freshUser('c')]
    const call = (user: string) => store.hit([check('user', user, 2), check('global', global, 5)])
    // a: 2 allowed, then 3 refused by its user tier: the global tier holds 2, not 5.
    const forA = [await call(a), await call(a), await call(a), await call(a), await call(a)]
    expect(forA.filter((decision) => decision.allowed)).toHaveLength(2)
    expect(forA[4]).toMatchObject({ allowed: false, refusedBy: 'user' })
    expect([await call(b), await call(b)]).toEqual([{ allowed: true }, { allowed: true }])
    // Global 4 of 5: c gets one, then the global tier refuses c's second.
    expect(await call(c)).toEqual({ allowed: true })
    expect(await call(c)).toMatchObject({ allowed: false, refusedBy: 'global' })
    // a is refused by its own tier first, though the global one is full too.
    expect(await call(a)).toMatchObject({ allowed: false, refusedBy: 'user' })
  })

  it('keeps neither user ids nor IPs in Redis: keys are hashed with the server key', async () => {
    const prefix = `hashed-${process.pid}-${run}`
    const store = createRedisLimitStore({ client, prefix })
    const limiter = createIssuanceLimiter(
      { secret: 'a-limits-test-key-that-is-32-bytes-long', store, clientIp: { proxyHops: 1 } },
      'token',
    )
    const headers = new Headers({ 'x-forwarded-for': '198.51.100.23' })
    expect(await limiter('alice@example.com', { headers, request: undefined })).toBeUndefined()
    const reader = await createClient({ url }).connect()
    const keys = await reader.keys(`{${prefix}}:*`)
    await reader.quit()
    expect(keys).toHaveLength(4)
    for (const key of keys) {
      expect(key).not.toMatch(/alice|example|198\.51/)
      expect(key).toMatch(new RegExp(`^\\{${prefix}\\}:(user|ip):token:[A-Za-z0-9_-]{22}:(60000|3600000)$`))
    }
  })
})

describe('the Redis store across processes', () => {
  beforeAll(async () => {
    await bundleLimitsChild()
  })

  it('4 processes x 500 concurrent issuances for one user, limit 100: exactly 100 allowed', async () => {
    const user = freshUser('many')
    const reports = await Promise.all(
      (['node-redis', 'ioredis', 'node-redis', 'ioredis'] as const).map((CLIENT) =>
        runLimitsChild({
          REDIS_URL: url,
          USER_ID: user,
          LIMIT: 100,
          WINDOW_MS: 86_400_000,
          CALLS: 500,
          CLIENT,
        }),
      ),
    )
    expect(reports.reduce((sum, report) => sum + report.allowed, 0)).toBe(100)
    expect(reports.reduce((sum, report) => sum + report.refused, 0)).toBe(1_900)
    for (const report of reports) expect(report.codes.filter((code) => code !== 'rate_limited')).toEqual([])
  }, 120_000)

  it('a process whose clock is an hour ahead (or behind) gets the answers of one on time', async () => {
    const user = freshUser('skew')
    const base = { REDIS_URL: url, USER_ID: user, LIMIT: 10, WINDOW_MS: 60_000 }
    const onTime = await runLimitsChild({ ...base, CALLS: 10 })
    expect(onTime).toMatchObject({ allowed: 10, refused: 0 })
    // Were the window on the caller's clock, an hour ahead would find every count expired.
    const ahead = await runLimitsChild({ ...base, CALLS: 5, SKEW_MS: 3_600_000 })
    const behind = await runLimitsChild({ ...base, CALLS: 5, SKEW_MS: -3_600_000 })
    for (const skewed of [ahead, behind]) {
      expect(skewed).toMatchObject({ allowed: 0, refused: 5, codes: ['rate_limited'] })
      // One call per 6 s refills: the wait is Redis's, within that interval.
      expect(skewed.retryAfterMs).toBeGreaterThan(0)
      expect(skewed.retryAfterMs).toBeLessThanOrEqual(6_000)
    }
  }, 120_000)
})

describe('the Redis store when Redis fails', () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await startRedisServer(['--enable-debug-command', 'local'])
  })
  afterAll(async () => {
    await server.close()
  })

  it('falls back to memory (the default) while Redis is down, never throws, and uses Redis again once it is back', async () => {
    // Without the offline queue, a call during the outage fails at once instead of waiting in
    // the client and running (spending quota) after the restart.
    const client = await createClient({
      url: server.url,
      disableOfflineQueue: true,
      socket: { reconnectStrategy: () => 50 },
    })
      .on('error', () => undefined)
      .connect()
    const onStoreError = vi.fn()
    const store = createRedisLimitStore({ client, timeoutMs: 100, onStoreError })
    const key = freshUser('outage')
    const hit = () => store.hit([check('user', key, 3)])
    expect([await hit(), await hit()]).toEqual([{ allowed: true }, { allowed: true }])
    expect(onStoreError).not.toHaveBeenCalled()

    await server.stop()
    // Memory counts afresh: 3 more allowed, then refused, all without a throw.
    const during = [await hit(), await hit(), await hit(), await hit()]
    expect(during.map((decision) => decision.allowed)).toEqual([true, true, true, false])
    expect(onStoreError).toHaveBeenCalledTimes(4)

    await server.start()
    // Redis restarted empty: once the client is back, the key's count starts over in Redis,
    // where memory would still refuse it.
    await vi.waitFor(
      async () => {
        onStoreError.mockClear()
        expect(await store.hit([check('user', freshUser('probe'), 1)])).toEqual({ allowed: true })
        expect(onStoreError).not.toHaveBeenCalled()
      },
      { timeout: 10_000, interval: 100 },
    )
    const after = [await hit(), await hit(), await hit(), await hit()]
    expect(after.map((decision) => decision.allowed)).toEqual([true, true, true, false])
    expect(onStoreError).not.toHaveBeenCalled()
    await client.quit()
  }, 30_000)

  it.each([
    ['deny', { allowed: false, refusedBy: 'store', retryAfterMs: 10_000 }],
    ['allow', { allowed: true }],
  ] as const)("onFailure: '%s' answers %j while Redis is down", async (onFailure, expected) => {
    const client = new IORedis(server.url, { maxRetriesPerRequest: 0, retryStrategy: () => 50 })
    client.on('error', () => undefined)
    await server.stop()
    const onStoreError = vi.fn()
    const store = createRedisLimitStore({ client, timeoutMs: 100, onFailure, onStoreError })
    for (let i = 0; i < 5; i += 1)
      expect(await store.hit([check('user', freshUser('down'), 1)])).toEqual(expected)
    expect(onStoreError).toHaveBeenCalledTimes(5)
    client.disconnect()
    await server.start()
  })

  it('counts a Redis slower than timeoutMs as a failure', async () => {
    const client = await createClient({ url: server.url })
      .on('error', () => undefined)
      .connect()
    const blocker = await createClient({ url: server.url })
      .on('error', () => undefined)
      .connect()
    const onStoreError = vi.fn()
    const store = createRedisLimitStore({ client, timeoutMs: 50, onFailure: 'deny', onStoreError })
    // DEBUG SLEEP holds the single-threaded server for 300 ms.
    const sleeping = blocker.sendCommand(['DEBUG', 'SLEEP', '0.3'])
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await store.hit([check('user', freshUser('slow'), 1)])).toMatchObject({
      allowed: false,
      refusedBy: 'store',
    })
    expect(String(onStoreError.mock.calls[0]?.[0])).toContain('did not answer within 50 ms')
    await sleeping
    await Promise.all([client.quit(), blocker.quit()])
  })
})

describe('the Redis store on Redis Cluster', () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await startRedisServer(['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'])
    const admin = await createClient({ url: server.url }).connect()
    await admin.sendCommand(['CLUSTER', 'ADDSLOTSRANGE', '0', '16383'])
    await vi.waitFor(
      async () => expect(await admin.sendCommand(['CLUSTER', 'INFO'])).toContain('cluster_state:ok'),
      {
        timeout: 10_000,
        interval: 100,
      },
    )
    await admin.quit()
  })
  afterAll(async () => {
    await server.close()
  })

  it('puts every key of every tier in one slot, so the one script runs on a cluster node', async () => {
    const client = await createClient({ url: server.url }).connect()
    const store = createRedisLimitStore({ client, onFailure: 'deny' })
    const limiter = createIssuanceLimiter(
      {
        secret: 'a-limits-test-key-that-is-32-bytes-long',
        store,
        clientIp: { platform: 'vercel' },
        global: [{ limit: 1_000, window: 60_000 }],
      },
      'create',
    )
    for (const [user, ip] of [
      ['u1', '203.0.113.1'],
      ['u2', '2001:db8::1'],
    ] as const) {
      expect(
        await limiter(user, { headers: new Headers({ 'x-real-ip': ip }), request: undefined }),
      ).toBeUndefined()
    }
    const keys = await client.keys('*')
    expect(keys).toHaveLength(2 * 2 + 2 * 2 + 1)
    const slots = new Set(
      await Promise.all(keys.map((key) => client.sendCommand(['CLUSTER', 'KEYSLOT', key]))),
    )
    expect(slots.size).toBe(1)
    // The control: the same script over keys without the hash tag is refused by the node.
    await expect(
      client.eval("return redis.call('GET', KEYS[1])", { keys: ['user:a', 'global:b'], arguments: [] }),
    ).rejects.toThrow(/CROSSSLOT/)
    await client.quit()
  })
})
