import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { USER_COOKIE_MAX_AGE_SECONDS, checkCookieSecret, issueUserCookie, readUserCookie } from './userCookie'

const SECRET = 'demo-cookie-secret-of-at-least-32-bytes!'
const START = Date.UTC(2030, 0, 1)

beforeEach(() => {
  vi.useFakeTimers({ now: START })
  vi.stubEnv('DEMO_COOKIE_SECRET', SECRET)
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllEnvs()
})

describe('the demo user cookie', () => {
  it('carries a user id the server signed', async () => {
    const { userId, value } = await issueUserCookie()
    expect(await readUserCookie(value)).toBe(userId)
    expect(await readUserCookie(value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).toBeNull()
  })

  it('refuses a DEMO_COOKIE_SECRET under 32 bytes, without printing it', async () => {
    vi.stubEnv('DEMO_COOKIE_SECRET', 'short-cookie-secret')
    expect(() => checkCookieSecret()).toThrow(/^DEMO_COOKIE_SECRET must be at least 32 bytes \(got 19\)/)
    expect(() => checkCookieSecret()).not.toThrow(/short-cookie-secret/)
  })

  it(`expires ${USER_COOKIE_MAX_AGE_SECONDS} s after it was issued, whatever the browser keeps`, async () => {
    const { userId, value } = await issueUserCookie()
    vi.setSystemTime(START + USER_COOKIE_MAX_AGE_SECONDS * 1000)
    expect(await readUserCookie(value)).toBe(userId)
    vi.setSystemTime(START + (USER_COOKIE_MAX_AGE_SECONDS + 1) * 1000)
    expect(await readUserCookie(value)).toBeNull()
  })

  it('refuses a cookie issued in the future, and one whose issue time was edited', async () => {
    vi.setSystemTime(START + 3_600_000)
    const { value } = await issueUserCookie()
    vi.setSystemTime(START)
    expect(await readUserCookie(value)).toBeNull()
    vi.setSystemTime(START + 3_600_000)
    const [userId = '', issuedAt = '', signature = ''] = value.split('.')
    expect(await readUserCookie(`${userId}.${Number(issuedAt) + 1_000_000}.${signature}`)).toBeNull()
  })
})
