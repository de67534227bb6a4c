import { randomBytes } from 'node:crypto'
import type { ChatKitServerRequest } from '@chatkit-session/testing/emulator'
import { CHATKIT_TOKEN_TYPE } from '@chatkit-session/server/verify'
import { SignJWT } from 'jose'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchBrowser, type TestBrowser } from './browser'
import { axeViolations, createScreenshots, readStatus, waitForStatus } from './demoPage'
import { allServerOutput, startNextServer, stopAllServers, type NextServer } from './nextServer'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const screenshots = createScreenshots()
const TOKEN_ID = /^ckt_[\w-]{22}$/
const AUDIENCE = 'next-demo-chatkit'

let chrome: TestBrowser
/** 20-second tokens: the rotation check and the forged token. */
let rotating: NextServer
/** 60-second tokens (no scheduled refresh during the check): the forced 401, which applies to the whole server. */
let faults: NextServer

beforeAll(async () => {
  console.log(`[e2e] screenshots: ${screenshots.dir}`)
  ;[chrome, rotating, faults] = await Promise.all([
    launchBrowser(),
    startNextServer({ CHATKIT_TOKEN_TTL_SECONDS: '20', CHATKIT_EMULATOR_CONTROL: '1' }),
    startNextServer({ CHATKIT_TOKEN_TTL_SECONDS: '60', CHATKIT_EMULATOR_CONTROL: '1' }),
  ])
})

afterAll(async () => {
  await chrome?.close()
  await stopAllServers()
})

/** Calls the stand-in ChatKit server's control routes in a demo server (`CHATKIT_EMULATOR_CONTROL=1`). */
async function standInControl<T = unknown>(server: NextServer, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.origin}/api/chatkit/__chatkit-server${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`stand-in control ${route}: HTTP ${response.status}`)
  return (await response.json()) as T
}

async function standInLog(server: NextServer): Promise<ChatKitServerRequest[]> {
  return (await standInControl<{ data: ChatKitServerRequest[] }>(server, '/requests')).data
}

async function readText(page: Page, testId: string): Promise<string> {
  return (await page.textContent(`[data-testid="${testId}"]`)) ?? ''
}

const readCount = async (page: Page, testId: string) => Number(await readText(page, testId))

/** The self-hosted page on `server`, once its token is active and one call got through. */
async function openSelfHosted(server: NextServer): Promise<Page> {
  const page = await chrome.openPage(`${server.origin}/`)
  await waitForStatus(page, 'active')
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid="calls-ok"]')?.textContent) > 0,
  )
  return page
}

describe.concurrent('next-demo: the self-hosted ChatKit server path', () => {
  test('a. 20-second tokens rotate before expiry: no failed call over 45 s', async ({ expect }) => {
    const page = await openSelfHosted(rotating)
    await expect(page.getAttribute('a[href="/hosted"]', 'href')).resolves.toBe('/hosted')
    const ids = new Set<string>()
    const statuses = new Set<string | null>()
    const end = Date.now() + 45_000
    while (Date.now() < end) {
      ids.add(await readText(page, 'token-id'))
      statuses.add(await readStatus(page))
      await sleep(250)
    }
    await screenshots.take(page, 'a-after-45s')
    expect(await axeViolations(page)).toEqual([])
    expect(ids.size).toBeGreaterThanOrEqual(2)
    for (const id of ids) expect(id).toMatch(TOKEN_ID)
    expect([...statuses].filter((status) => status !== 'active' && status !== 'refreshing')).toEqual([])
    expect(await readCount(page, 'calls-failed')).toBe(0)
    expect(await readCount(page, 'calls-ok')).toBeGreaterThanOrEqual(15)
    expect(await readCount(page, 'tokens-received')).toBeGreaterThanOrEqual(2)

    const log = await standInLog(rotating)
    // This page's calls: the log entries of the tokens it showed (its user's, one per rotation).
    const mine = log.filter((entry) => entry.tokenId !== undefined && ids.has(entry.tokenId))
    expect(mine.length).toBeGreaterThanOrEqual(15)
    expect(mine.every((entry) => entry.status === 200)).toBe(true)
    expect(new Set(mine.map((entry) => entry.tokenId)).size).toBeGreaterThanOrEqual(2)
    // No 401 on this server but the ones check c sends on purpose: no expired token was ever sent.
    const refused = log.filter((entry) => entry.status === 401)
    expect(refused.filter((entry) => entry.code !== 'invalid_signature' && entry.code !== 'missing')).toEqual(
      [],
    )
  })

  test('b. a forced 401: one refresh, one retry, and the page never sees a failure', async ({ expect }) => {
    const page = await openSelfHosted(faults)
    const firstId = await readText(page, 'token-id')
    expect(firstId).toMatch(TOKEN_ID)
    expect(await readCount(page, 'tokens-received')).toBe(1)

    await standInControl(faults, '/unauthorized', { count: 1 })
    await page.waitForFunction(
      (first) => {
        const id = document.querySelector('[data-testid="token-id"]')?.textContent ?? ''
        return id.startsWith('ckt_') && id !== first
      },
      firstId,
      { timeout: 15_000 },
    )
    const secondId = await readText(page, 'token-id')
    // One more call cycle: nothing else happens (no second refresh, no failure).
    const okAfterRefresh = await readCount(page, 'calls-ok')
    await expect.poll(() => readCount(page, 'calls-ok'), { timeout: 10_000 }).toBeGreaterThan(okAfterRefresh)
    await screenshots.take(page, 'b-recovered')

    expect(await readCount(page, 'calls-failed')).toBe(0)
    expect(await readText(page, 'calls-last-status')).toBe('200')
    expect(await readCount(page, 'tokens-received')).toBe(2)
    expect(await readText(page, 'token-id')).toBe(secondId)

    const log = await standInLog(faults)
    const refused = log.filter((entry) => entry.status === 401)
    expect(refused.map((entry) => entry.code)).toEqual(['forced'])
    const forcedAt = log.findIndex((entry) => entry.code === 'forced')
    // Before: the first token only. The retry: the very next request, with the new token. After: the new token.
    expect(log.slice(0, forcedAt).every((entry) => entry.status === 200 && entry.tokenId === firstId)).toBe(
      true,
    )
    expect(log[forcedAt + 1]).toMatchObject({ status: 200, tokenId: secondId })
    expect(log.slice(forcedAt + 1).every((entry) => entry.status === 200 && entry.tokenId === secondId)).toBe(
      true,
    )
  })

  test('c. a forged token (another secret) is refused with invalid_signature; no token, with missing', async ({
    expect,
  }) => {
    const now = Math.floor(Date.now() / 1000)
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: CHATKIT_TOKEN_TYPE })
      .setSubject('user_forger')
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 300)
      .setJti('ckt_forged')
      .sign(randomBytes(32))
    const url = `${rotating.origin}/api/chatkit/threads`
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${forged}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'ping' }),
    })
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toContain('invalid_token')
    const body = (await response.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('invalid_signature')
    expect(JSON.stringify(body).includes(forged)).toBe(false)

    const anonymous = await fetch(url, { method: 'POST', body: '{}' })
    expect(anonymous.status).toBe(401)
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('missing')

    const log = await standInLog(rotating)
    const entry = log.find((request) => request.code === 'invalid_signature')
    expect(entry).toMatchObject({ status: 401, method: 'POST', path: '/api/chatkit/threads' })
    expect(entry?.userId).toBeUndefined()
    expect(entry?.tokenId).toBeUndefined()
  })
})

test('d. no uncaught errors in the browser console (but the one forced 401 response)', () => {
  const forced = (problem: string) => problem.includes(faults.origin) && problem.includes('status of 401')
  expect(chrome.problems.filter(forced).length).toBeLessThanOrEqual(1)
  expect(
    chrome.problems.filter((problem) => !forced(problem)),
    `server output:\n${allServerOutput()}`,
  ).toEqual([])
})
