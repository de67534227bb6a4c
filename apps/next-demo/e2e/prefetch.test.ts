import type { ChatSession } from 'openai/resources/beta/chatkit'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { launchBrowser, type TestBrowser } from './browser'
import { emulatorControl, fingerprint, waitForStatus } from './demoPage'
import { startNextServer, stopAllServers, type NextServer } from './nextServer'

// The opt-in prefetch (issue 15): the hosted page creates the session while it renders, so
// the first secret is in the page at hydration. It is per user, so the page must never be
// cached: checked here on the production build.

let chrome: TestBrowser
let server: NextServer

beforeAll(async () => {
  ;[chrome, server] = await Promise.all([
    launchBrowser(),
    startNextServer({ CHATKIT_EMULATOR_CONTROL: '1', CHATKIT_EMULATOR_LATENCY_MS: '300' }),
  ])
})

afterAll(async () => {
  await chrome?.close()
  await stopAllServers()
})

interface Load {
  page: Page
  cacheControl: string
  html: string
  /** Server-action requests the page sent before its first secret. */
  actionsBeforeFirstSecret: number
  firstSecret: string
}

/** Opens `path` for a user of its own (a new context: a new cookie) and waits for the first secret. */
async function load(path: string, page?: Page): Promise<Load> {
  const target = page ?? (await (await chrome.browser.newContext()).newPage())
  let actions = 0
  let firstSeen = false
  target.on('request', (request) => {
    if (!firstSeen && request.method() === 'POST' && request.headers()['next-action'] !== undefined)
      actions += 1
  })
  const secretEvent = target
    .waitForEvent('console', {
      predicate: (message) => message.text().startsWith('first-secret:'),
      timeout: 20_000,
    })
    .then((message) => message.text().slice('first-secret:'.length))
  await target.addInitScript(() => {
    window.addEventListener(
      'chatkit-standin:secret',
      (event) =>
        console.log(`first-secret:${(event as CustomEvent<{ fingerprint: string }>).detail.fingerprint}`),
      { once: true },
    )
  })
  const response = await target.goto(`${server.origin}${path}`)
  if (response === null) throw new Error(`no response for ${path}`)
  const firstSecret = await secretEvent
  firstSeen = true
  return {
    page: target,
    cacheControl: response.headers()['cache-control'] ?? '',
    html: await response.text(),
    actionsBeforeFirstSecret: actions,
    firstSecret,
  }
}

describe.concurrent('the prefetched hosted page', () => {
  test('the first secret is the one the server prefetched: no server action before it', async ({
    expect,
  }) => {
    const { page, actionsBeforeFirstSecret } = await load('/hosted')
    expect(actionsBeforeFirstSecret).toBe(0)
    await waitForStatus(page, 'active')
    await expect(page.textContent('[data-testid="event-log"]')).resolves.toMatch(
      /first secret \d+ ms after navigation/,
    )

    // Without the prefetch, the first secret costs a server action after hydration.
    const plain = await load('/hosted?prefetch=0')
    expect(plain.actionsBeforeFirstSecret).toBe(1)
  })

  test('per user and never cached: two users, two secrets, no-store, and a reload creates a new one', async ({
    expect,
  }) => {
    const alice = await load('/hosted')
    const bob = await load('/hosted')
    for (const user of [alice, bob]) {
      expect(user.cacheControl).toContain('no-store')
      expect(user.cacheControl).toContain('private')
    }
    expect(alice.firstSecret).not.toBe(bob.firstSecret)

    // Each page carries only its own user's secret.
    const { data } = await emulatorControl<{ data: ChatSession[] }>(server, '/sessions')
    const byFingerprint = new Map(data.map((session) => [fingerprint(session.client_secret), session]))
    const aliceSession = byFingerprint.get(alice.firstSecret)
    const bobSession = byFingerprint.get(bob.firstSecret)
    expect(aliceSession?.user).toBeDefined()
    expect(aliceSession?.user).not.toBe(bobSession?.user)
    expect(alice.html).toContain(aliceSession?.client_secret)
    expect(alice.html).not.toContain(bobSession?.client_secret)
    expect(bob.html).not.toContain(aliceSession?.client_secret)

    // The same user again: a new session of that user, not a cached page.
    const again = await load('/hosted', alice.page)
    expect(again.firstSecret).not.toBe(alice.firstSecret)
    const after = await emulatorControl<{ data: ChatSession[] }>(server, '/sessions')
    const againSession = after.data.find(
      (session) => fingerprint(session.client_secret) === again.firstSecret,
    )
    expect(againSession?.user).toBe(aliceSession?.user)
  })
})
