import { describe, expect, it } from 'vitest'
import { createMemoryLimitStore } from '../createMemoryLimitStore.ts'
import { resolveClientIp } from '../resolveClientIp.ts'

describe('resolveClientIp', () => {
  const headers = (entries: Record<string, string>) => new Headers(entries)
  it.each([
    [{ proxyHops: 1 }, { 'x-forwarded-for': '1.1.1.1, 2.2.2.2, 3.3.3.3' }, '3.3.3.3'],
    [{ proxyHops: 2 }, { 'x-forwarded-for': '1.1.1.1, 2.2.2.2, 3.3.3.3' }, '2.2.2.2'],
    [{ proxyHops: 3 }, { 'x-forwarded-for': '2.2.2.2, 3.3.3.3' }, undefined],
    [{ proxyHops: 1 }, {}, undefined],
    [{ proxyHops: 1 }, { 'x-forwarded-for': 'unknown' }, undefined],
    [{ platform: 'vercel' }, { 'x-real-ip': '::ffff:192.0.2.4', 'x-forwarded-for': '6.6.6.6' }, '192.0.2.4'],
    [{ platform: 'cloudflare' }, { 'cf-connecting-ip': '2001:db8:a:b:c::1' }, '2001:db8:a:b::/64'],
    [{ platform: 'fly' }, { 'fly-client-ip': '192.0.2.5' }, '192.0.2.5'],
    [{ platform: 'netlify' }, { 'x-nf-client-connection-ip': '192.0.2.6' }, '192.0.2.6'],
    [{ platform: 'cloudflare' }, { 'x-real-ip': '192.0.2.7' }, undefined],
  ] as const)('%j with %j reads %s', (trust, entries, expected) => {
    expect(resolveClientIp(trust, headers(entries), undefined)).toBe(expected)
  })

  it('takes an app function, and never turns its "unknown" into a shared bucket', () => {
    expect(resolveClientIp(() => '192.0.2.8:5555', headers({}), undefined)).toBe('192.0.2.8')
    expect(resolveClientIp(() => 'unknown', headers({}), undefined)).toBeUndefined()
    expect(resolveClientIp(() => null, headers({}), undefined)).toBeUndefined()
  })
})

describe('createMemoryLimitStore', () => {
  it('holds at most maxKeys keys, forgetting the one spent least recently', async () => {
    let now = 0
    const store = createMemoryLimitStore({ maxKeys: 3, now: () => now })
    const hit = (key: string) => store.hit([{ tier: 'user', key, limit: 1, windowMs: 60_000 }])
    for (const key of ['a', 'b', 'c']) expect(await hit(key)).toEqual({ allowed: true })
    expect(await hit('a')).toMatchObject({ allowed: false })
    for (let i = 0; i < 1_000; i += 1) await hit(`flood-${i}`)
    expect(store.size()).toBe(3)
    // a was forgotten by the flood: the price of a bound, paid only under a flood of new keys.
    now += 1
    expect(await hit('a')).toEqual({ allowed: true })
  })

  it('spends nothing when a later rule refuses', async () => {
    const store = createMemoryLimitStore()
    const checks = (user: string) =>
      [
        { tier: 'user', key: user, limit: 5, windowMs: 60_000 },
        { tier: 'global', key: 'g', limit: 1, windowMs: 60_000 },
      ] as const
    expect(await store.hit(checks('a'))).toEqual({ allowed: true })
    expect(await store.hit(checks('a'))).toMatchObject({ allowed: false, refusedBy: 'global' })
    expect(await store.hit(checks('a'))).toMatchObject({ allowed: false, refusedBy: 'global' })
    // a's own tier spent 1 of 5, not 3: four more fit once the global rule is gone.
    const alone = [1, 2, 3, 4, 5].map(() => store.hit([checks('a')[0]]))
    expect((await Promise.all(alone)).map((decision) => decision.allowed)).toEqual([
      true,
      true,
      true,
      true,
      false,
    ])
  })
})
