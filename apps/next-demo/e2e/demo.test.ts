import { join } from 'node:path'
import { startChatKitEmulator } from '@chatkit-session/testing/emulator'
import type { ChatSession } from 'openai/resources/beta/chatkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchBrowser, type TestBrowser } from './browser'
import { APP_DIR, TEST_API_KEY } from './constants'
import {
  axeViolations,
  BADGE,
  CHATKIT_SCRIPT_STUB,
  createScreenshots,
  describeFocus,
  emulatorControl,
  readBuiltFiles,
  readSessionId,
  readStatus,
  readTrace,
  tabTo,
  traceSession,
  waitForNewActiveSession,
  waitForStatus,
} from './demoPage'
import { allServerOutput, startNextServer, stopAllServers, type NextServer } from './nextServer'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const screenshots = createScreenshots()
const SESSION_ID = /^cksess_[0-9a-f]{32}$/

let chrome: TestBrowser
/** Emulator mode with 20-second sessions and the control route: checks 1 to 3. */
let shortLived: NextServer

beforeAll(async () => {
  console.log(`[e2e] screenshots: ${screenshots.dir}`)
  ;[chrome, shortLived] = await Promise.all([
    launchBrowser(),
    startNextServer({ CHATKIT_EMULATOR_LIFETIME_SECONDS: '20', CHATKIT_EMULATOR_CONTROL: '1' }),
  ])
})

/** A server of its own (faults apply to the whole server) with 60-second sessions, and an active page on it. */
async function openOnFaultServer() {
  const server = await startNextServer({
    CHATKIT_EMULATOR_LIFETIME_SECONDS: '60',
    CHATKIT_EMULATOR_CONTROL: '1',
  })
  const page = await chrome.openPage(`${server.origin}/hosted`)
  await waitForStatus(page, 'active')
  return { server, page, firstId: await readSessionId(page) }
}

afterAll(async () => {
  await chrome?.close()
  await stopAllServers()
})

// Independent checks run side by side (each on its own user, faults on their own server), so
// the 70-second rotation does not add to the others.
describe.concurrent('next-demo on the embedded emulator', () => {
  test('1. the page reaches active with a session id', async ({ expect }) => {
    const page = await chrome.openPage(`${shortLived.origin}/hosted`)
    await waitForStatus(page, 'active')
    expect(await readSessionId(page)).toMatch(SESSION_ID)
    await expect(page.textContent('[data-testid="emulator-banner"]')).resolves.toContain('local emulator')
    await page.waitForSelector('[data-testid="standin-state"][data-has-secret="true"]')
    await expect(page.textContent('[data-testid="event-log"]')).resolves.toContain('status: active')
    await screenshots.take(page, '1-active')
    // Without a key the ChatKit script is left out, and the page says so instead of a blank box.
    await page.waitForSelector('[data-testid="widget-status"][data-status="unavailable"]', {
      timeout: 20_000,
    })
    await expect(page.textContent('[data-testid="widget-status"]')).resolves.toContain('widget_unavailable')
    expect(await axeViolations(page)).toEqual([])
  })

  test('1b. the starter page has no axe violations', async ({ expect }) => {
    const page = await chrome.openPage(`${shortLived.origin}/starter`)
    await page.waitForSelector('[data-testid="starter-state"]')
    expect(await axeViolations(page)).toEqual([])
  })

  test('2. over 70 s of 20-second sessions: at least 3 session ids, never expired', async ({ expect }) => {
    const page = await chrome.openPage(`${shortLived.origin}/hosted`)
    await waitForStatus(page, 'active')
    await traceSession(page)
    await sleep(35_000)
    await screenshots.take(page, '2-rotating')
    await sleep(35_000)
    const trace = await readTrace(page)
    expect(trace.statuses).not.toContain('expired')
    expect(trace.statuses).not.toContain('error')
    expect(new Set(trace.ids).size).toBeGreaterThanOrEqual(3)
    for (const id of trace.ids) expect(id).toMatch(SESSION_ID)
    expect(await readStatus(page)).toMatch(/^(active|refreshing)$/)
    await screenshots.take(page, '2-after-70s')
  })

  test('3. Cancel: cancelled, and the emulator confirms; Restart: active with a new id', async ({
    expect,
  }) => {
    const page = await chrome.openPage(`${shortLived.origin}/hosted`)
    await waitForStatus(page, 'active')
    const cancelledId = await readSessionId(page)
    await page.getByRole('button', { name: 'Cancel' }).click()
    await waitForStatus(page, 'cancelled')
    await expect(page.textContent('[data-testid="chat-fallback"]')).resolves.toContain('cancelled')
    // The cancel action reached the API: the emulator's own record says so.
    await expect
      .poll(async () => (await emulatorControl<ChatSession>(shortLived, `/sessions/${cancelledId}`)).status)
      .toBe('cancelled')
    await screenshots.take(page, '3-cancelled')
    expect(await axeViolations(page)).toEqual([])

    await page.getByRole('button', { name: 'Restart' }).click()
    const restartedId = await waitForNewActiveSession(page, cancelledId)
    expect(restartedId).toMatch(SESSION_ID)
    expect((await emulatorControl<ChatSession>(shortLived, `/sessions/${restartedId}`)).status).toBe('active')
    await screenshots.take(page, '3-restarted')
    expect(await axeViolations(page)).toEqual([])
  })

  test('4. every request fails for 15 s while the secret is valid: still active, failure shown, then recovers', async ({
    expect,
  }) => {
    const { server, page, firstId } = await openOnFaultServer()
    const timeOrigin = await page.evaluate(() => performance.timeOrigin)

    await emulatorControl(server, '/faults', { method: 'POST', body: { status: 500 } })
    const outageStart = Date.now()
    await traceSession(page)
    await page.getByRole('button', { name: 'Refresh' }).click()
    // The failure is visible while the status stays active and ChatKit keeps its secret.
    await page.waitForSelector(`${BADGE}[data-status="active"] [data-error-code="server_error"]`)
    await page.waitForSelector('[data-testid="failure"][data-code="server_error"]')
    await screenshots.take(page, '4-outage-still-active')
    expect(await axeViolations(page)).toEqual([])
    await sleep(Math.max(0, 15_000 - (Date.now() - outageStart)))
    expect(await page.getAttribute('[data-testid="standin-state"]', 'data-has-secret')).toBe('true')
    expect(await readSessionId(page)).toBe(firstId)
    const failed = await emulatorControl<{ data: { status: number }[] }>(server, '/requests')
    expect(failed.data.filter((request) => request.status === 500).length).toBeGreaterThanOrEqual(2)
    const during = await readTrace(page)
    expect(during.statuses.every((status) => status === 'active' || status === 'refreshing')).toBe(true)

    await emulatorControl(server, '/faults', { method: 'DELETE' })
    const recoveredId = await waitForNewActiveSession(page, firstId, 40_000)
    expect(recoveredId).toMatch(SESSION_ID)
    expect(await page.$('[data-testid="failure"]')).toBeNull()
    // Same document: no reload happened.
    expect(await page.evaluate(() => performance.timeOrigin)).toBe(timeOrigin)
    expect((await readTrace(page)).statuses).not.toContain('expired')
    await screenshots.take(page, '4-recovered')
  })

  test('5. the API answers 401: the error state, with a retry that works, by keyboard', async ({
    expect,
  }) => {
    const { server, page, firstId } = await openOnFaultServer()

    await emulatorControl(server, '/faults', { method: 'POST', body: { status: 401 } })
    await page.getByRole('button', { name: 'Refresh' }).click()
    await waitForStatus(page, 'error')
    await page.waitForSelector(`${BADGE} [data-error-code="unauthorized"]`)
    const alert = page.getByTestId('chat-error')
    await expect(alert.textContent()).resolves.toContain('unauthorized')
    await screenshots.take(page, '5-error')
    expect(await axeViolations(page)).toEqual([])

    // Retry while the key is still refused: one more request, still the error state.
    const requests = async () =>
      (await emulatorControl<{ data: { status: number }[] }>(server, '/requests')).data.length
    const before = await requests()
    // Wait for the page to get the answer, not just for the emulator to see the request: a
    // second Retry while this one is in flight joins it (deduped) and gets its 401.
    const answered = page.waitForResponse(
      (response) =>
        response.request().method() === 'POST' && response.request().headers()['next-action'] !== undefined,
    )
    await alert.getByRole('button', { name: 'Retry' }).click()
    await answered
    await expect.poll(requests).toBeGreaterThan(before)
    await waitForStatus(page, 'error')

    // Keyboard only: Tab to Retry, Enter; focus lands on the chat that replaced it, not on <body>.
    await emulatorControl(server, '/faults', { method: 'DELETE' })
    await tabTo(page, '[data-testid="chat-error"] button')
    await page.keyboard.press('Enter')
    await waitForNewActiveSession(page, firstId)
    await page.waitForSelector('[data-testid="standin-state"][data-has-secret="true"]')
    const focus = await describeFocus(page)
    expect(focus).toMatchObject({ tag: 'DIV', role: 'region', label: 'Chat' })
    expect(focus.text).toContain('This box asks for secrets')
    await screenshots.take(page, '5-retried')
    expect(await axeViolations(page)).toEqual([])
  })

  test('6. no secret material reaches the browser that should not', async ({ expect }) => {
    // The key is nowhere in the client bundles (it was in the environment of `next build`).
    const files = await readBuiltFiles(join(APP_DIR, '.next', 'static'))
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      expect(file.content.includes(TEST_API_KEY), `${file.name} holds the API key`).toBe(false)
    }

    // Real-key mode: the same actions talk to "the API" (an emulator on a port that accepts
    // only the test key), and the page renders the real <ChatKit> binding.
    const api = await startChatKitEmulator({ apiKeys: [TEST_API_KEY], lifetimeSeconds: 60 })
    try {
      const server = await startNextServer({
        OPENAI_API_KEY: TEST_API_KEY,
        OPENAI_BASE_URL: api.baseURL,
        CHATKIT_WORKFLOW_ID: 'wf_e2e_real_key',
      })
      const seen: { kind: 'html' | 'action'; url: string; body: string }[] = []
      const documents: Promise<{ kind: 'html'; url: string; body: string }>[] = []
      // Without the prefetch, so the secret can only come from a server action's answer; the
      // prefetched page (its own user's secret in its own no-store HTML) is e2e/prefetch.test.ts.
      const page = await chrome.openPage(`${server.origin}/hosted?prefetch=0`, async (p) => {
        // OpenAI's CDN is out of reach: a stand-in web component that asks for a secret as ChatKit does.
        await p.route('https://cdn.platform.openai.com/**', (route) =>
          route.fulfill({ contentType: 'text/javascript', body: CHATKIT_SCRIPT_STUB }),
        )
        // Server actions answer with a stream Chromium does not keep: read each one on its way.
        await p.route(`${server.origin}/**`, async (route) => {
          const request = route.request()
          if (request.method() !== 'POST' || request.headers()['next-action'] === undefined) {
            return route.fallback()
          }
          const response = await route.fetch()
          const body = await response.text()
          seen.push({ kind: 'action', url: request.url(), body })
          await route.fulfill({ response, body })
        })
        p.on('response', (response) => {
          if (!(response.headers()['content-type'] ?? '').includes('text/html')) return
          documents.push(
            response.text().then((body) => ({ kind: 'html' as const, url: response.url(), body })),
          )
        })
      })
      await waitForStatus(page, 'active')
      await page.waitForSelector('openai-chatkit[data-secret="received"]')
      await expect(page.$('[data-testid="emulator-banner"]')).resolves.toBeNull()
      await screenshots.take(page, '6-real-key-active')
      const firstId = await readSessionId(page)
      await page.getByRole('button', { name: 'Refresh' }).click()
      const secondId = await waitForNewActiveSession(page, firstId)
      await page.getByRole('button', { name: 'Cancel' }).click()
      await waitForStatus(page, 'cancelled')
      await expect.poll(() => api.getSession(secondId)?.status).toBe('cancelled')
      await screenshots.take(page, '6-real-key-cancelled')

      const html = await fetch(`${server.origin}/hosted?prefetch=0`).then((response) => response.text())
      seen.push(...(await Promise.all(documents)), { kind: 'html', url: server.origin, body: html })
      const secrets = api.listSessions().map((session) => session.client_secret)
      expect(secrets.length).toBeGreaterThanOrEqual(2)
      expect(seen.filter((r) => r.kind === 'action').length).toBeGreaterThanOrEqual(3)
      expect(seen.filter((r) => r.kind === 'html').length).toBeGreaterThanOrEqual(2)
      for (const { kind, url, body } of seen) {
        expect(body.includes(TEST_API_KEY), `${kind} response from ${url} holds the API key`).toBe(false)
        if (kind === 'html') {
          for (const secret of secrets)
            expect(body.includes(secret), `HTML from ${url} holds a secret`).toBe(false)
        }
      }
      // The secret travels only in the action's answer (which is how ChatKit gets it).
      expect(seen.some((r) => r.kind === 'action' && secrets.some((secret) => r.body.includes(secret)))).toBe(
        true,
      )
      const dom = await page.content()
      for (const secret of secrets) {
        expect(page.url().includes(secret)).toBe(false)
        expect(dom.includes(secret)).toBe(false)
      }
      expect(server.output().includes(TEST_API_KEY)).toBe(false)
    } finally {
      await api.stop()
    }
  })

  test('6b. a retired hosted workflow (Agent Builder): the browser gets the code, the server log the way out', async ({
    expect,
  }) => {
    const server = await startNextServer({ CHATKIT_WORKFLOW_ID: 'wf_agent_builder_retired' })
    const page = await chrome.openPage(`${server.origin}/hosted`)
    await waitForStatus(page, 'error')
    await page.waitForSelector(`${BADGE} [data-error-code="workflow_unavailable"]`)
    const alert = await page.getByTestId('chat-error').textContent()
    expect(alert).toContain('workflow_unavailable')
    expect(alert).toContain('unknown, retired, or in another project')
    // What the API said stays on the server.
    expect(await page.content()).not.toContain('has been retired')
    await expect.poll(() => server.output()).toContain('hint: The workflow id is unknown, retired')
    const log = server.output()
    expect(log).toMatch(
      /create failed for v_[\w-]+: workflow_unavailable \(API: HTTP 404, request req_\w+, workflow_retired: Workflow 'wf_agent_builder_retired' has been retired/,
    )
    expect(log).toContain('createChatKitTokenAction')
    await screenshots.take(page, '6b-retired-workflow')
    expect(await axeViolations(page)).toEqual([])
  })
})

test('7. no uncaught errors in the browser console during the run', () => {
  expect(chrome.problems, `server output:\n${allServerOutput()}`).toEqual([])
})
