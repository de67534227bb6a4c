import { afterAll, beforeAll, expect, test } from 'vitest'
import { launchBrowser, type TestBrowser } from './browser'
import { messages, openChat, threadIdOf } from './chatPage'
import { axeViolations, createScreenshots } from './demoPage'
import { allServerOutput, demoSecrets, startNextServer, stopAllServers, type NextServer } from './nextServer'

// Tool approvals offline: a message that mentions approval goes to an Agents SDK agent on a
// scripted model (packages/stories, scriptedApprovalAgent.ts) whose refund tool needs approval.
// One page at a time.

const screenshots = createScreenshots()
let chrome: TestBrowser
let server: NextServer
const secrets = demoSecrets('approvals')

beforeAll(async () => {
  chrome = await launchBrowser()
})

afterAll(() => Promise.all([chrome?.close(), stopAllServers()]))

const QUESTION = 'Allow refund_order? orderId: "A-1042", amount: 25'

test('asks for approval, survives a server restart between question and answer, then runs the tool', async () => {
  console.log(`[e2e] screenshots: ${screenshots.dir}`)
  server = await startNextServer(secrets)
  const page = await chrome.openPage(`${server.origin}/`)
  await openChat(page, `${server.origin}/`)
  await page.fill('[data-testid="composer"]', 'Please approve a refund of my order')
  await page.press('[data-testid="composer"]', 'Enter')

  // The question: pending, naming the tool and its arguments, with Approve and Reject.
  const pending = '[data-testid="structured-input"][data-status="pending"]'
  await page.waitForSelector(pending, { timeout: 30_000 })
  expect(await page.textContent(`${pending} legend`)).toBe(QUESTION)
  expect(
    await page.$$eval(`${pending} [data-testid="structured-input-option"]`, (buttons) =>
      buttons.map((button) => button.textContent),
    ),
  ).toEqual(['Approve', 'Reject'])
  await screenshots.take(page, 'approval-asked')
  expect(await axeViolations(page)).toEqual([])
  const threadId = threadIdOf(page)
  expect(threadId).toMatch(/^thr_/)

  // A new server process on the same data folder: the paused run is in the store.
  await page.goto('about:blank')
  await server.stop()
  server = await startNextServer(secrets)
  await openChat(page, `${server.origin}/?thread=${threadId}`)
  await page.waitForSelector(pending)
  expect(await page.textContent(`${pending} legend`)).toBe(QUESTION)

  await page.click(`${pending} [data-testid="structured-input-option"]:text-is("Approve")`)

  await page.waitForSelector('[data-testid="structured-input"][data-status="answered"]')
  await expect
    .poll(() => messages(page).then((shown) => shown.at(-1)?.text ?? ''), { timeout: 30_000 })
    .toBe('Done: Refunded order A-1042 ($25). You approved it, so the tool ran.')
  expect(await page.textContent('[data-testid="structured-input-answer"]')).toBe('Approve')
  await screenshots.take(page, 'approval-answered')

  // Reloaded, the thread shows the same: the answer was saved, and no second answer is offered.
  await page.reload()
  await page.waitForSelector('[data-testid="structured-input"][data-status="answered"]')
  expect(await page.$(pending)).toBeNull()
  expect((await messages(page)).map((shown) => shown.role)).toEqual(['user', 'assistant'])
  expect(chrome.problems, `server output:\n${allServerOutput()}`).toEqual([])
})
