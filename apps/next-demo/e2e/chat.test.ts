import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchBrowser, type TestBrowser } from './browser'
import {
  expectHiddenFromAnotherUser,
  messages,
  openChat,
  REPLY_END,
  send,
  startThread,
  threadIdOf,
} from './chatPage'
import { axeViolations, createScreenshots } from './demoPage'
import { allServerOutput, startNextServer, stopAllServers, type NextServer } from './nextServer'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const screenshots = createScreenshots()

let chrome: TestBrowser
/** The conversation, the reload, the restart (same data folder and secrets) and the second user. */
let server: NextServer
const dataDir = mkdtempSync(join(tmpdir(), 'next-demo-chat-'))
const secrets = {
  CHATKIT_TOKEN_SECRET: randomBytes(32).toString('base64'),
  DEMO_COOKIE_SECRET: randomBytes(32).toString('base64'),
  CHATKIT_DATA_DIR: dataDir,
}

beforeAll(async () => {
  console.log(`[e2e] screenshots: ${screenshots.dir}`)
  ;[chrome, server] = await Promise.all([launchBrowser(), startNextServer(secrets)])
})

afterAll(async () => {
  await chrome?.close()
  await stopAllServers()
})

describe('next-demo: a conversation on our own ChatKit server', () => {
  let threadId = ''
  let firstPage: Page

  test('1. type a message and see the reply stream in', async () => {
    firstPage = await chrome.openPage(`${server.origin}/`)
    await openChat(firstPage, `${server.origin}/`)
    threadId = await startThread(firstPage, 'Hello from the end-to-end suite')
    await screenshots.take(firstPage, '1-offline-conversation')
    expect(await axeViolations(firstPage)).toEqual([])
  })

  test('2. reload: the thread is listed and its messages are shown', async () => {
    await firstPage.reload()
    await firstPage.waitForSelector(`[data-thread-id="${threadId}"]`)
    await expect.poll(() => messages(firstPage).then((shown) => shown.length)).toBe(2)
    // From a fresh `/` too: the list opens it.
    await openChat(firstPage, `${server.origin}/`)
    expect(await messages(firstPage)).toEqual([])
    await firstPage.click(`[data-thread-id="${threadId}"]`)
    await expect.poll(() => messages(firstPage).then((shown) => shown.length)).toBe(2)
    expect(await firstPage.textContent(`[data-thread-id="${threadId}"]`)).toBe(
      'Hello from the end-to-end suite',
    )
  })

  test('3. restart the server: the thread is still there, and the conversation goes on', async () => {
    // Off the page first: its connection check would call the stopped server in the meantime.
    await firstPage.goto('about:blank')
    await server.stop()
    server = await startNextServer(secrets)
    // The cookie (its user) carries over: cookies do not depend on the port.
    await openChat(firstPage, `${server.origin}/`)
    await firstPage.waitForSelector(`[data-thread-id="${threadId}"]`)
    await firstPage.click(`[data-thread-id="${threadId}"]`)
    await expect.poll(() => messages(firstPage).then((shown) => shown.length)).toBe(2)
    await screenshots.take(firstPage, '3-thread-list-after-restart')
    await send(firstPage, 'Still there?')
    expect((await messages(firstPage)).map((shown) => shown.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
    ])
  })

  test('4. a second user (another browser context) does not see it, even by its id', async () => {
    await expectHiddenFromAnotherUser(chrome, server.origin, threadId)
  })
})

test('5. 10-second tokens: messages over 40 s never show an auth error (the fetch wrapper renews)', async () => {
  const shortTokens = await startNextServer({ CHATKIT_TOKEN_TTL_SECONDS: '10' })
  const page = await chrome.openPage(`${shortTokens.origin}/`)
  await openChat(page, `${shortTokens.origin}/`)
  const tokenIds = new Set<string>()
  const started = Date.now()
  // Five messages, one every 10 s: the last one after 40 s, each token expired twice by then.
  const sent = 5
  for (let n = 1; n <= sent; n += 1) {
    await sleep(started + (n - 1) * 10_000 - Date.now())
    await send(page, `Message ${n}`)
    tokenIds.add((await page.textContent('[data-testid="token-id"]')) ?? '')
    expect(await page.$('[data-testid="chat-error"]')).toBeNull()
  }
  expect(Date.now() - started).toBeGreaterThanOrEqual(40_000)
  expect(tokenIds.size).toBeGreaterThanOrEqual(3)
  const shown = await messages(page)
  expect(shown).toHaveLength(sent * 2)
  expect(shown.filter((m) => m.role === 'assistant').every((m) => m.text.endsWith(REPLY_END))).toBe(true)
})

test('6. a reply cancelled by navigating away mid-stream is saved as far as it got', async () => {
  const slow = await startNextServer({ CHATKIT_SCRIPTED_WORD_DELAY_MS: '250' })
  const page = await chrome.openPage(`${slow.origin}/`)
  await openChat(page, `${slow.origin}/`)
  await page.fill('[data-testid="composer"]', 'Leave halfway')
  await page.press('[data-testid="composer"]', 'Enter')
  await page.waitForFunction(() => {
    const replies = document.querySelectorAll('[data-testid="message"][data-role="assistant"]')
    return (replies[replies.length - 1]?.textContent ?? '').trim().split(' ').length >= 6
  })
  const seen = (await messages(page))[1]?.text ?? ''
  const thread = threadIdOf(page)
  expect(thread).toMatch(/^thr_/)
  await page.goto('about:blank')
  // The server saves the partial message when it sees the client gone; then it is there to read.
  await sleep(1_000)
  await openChat(page, `${slow.origin}/?thread=${thread}`)
  await expect.poll(() => messages(page).then((shown) => shown.length), { timeout: 10_000 }).toBe(2)
  const [, reply] = await messages(page)
  // What the browser had seen (at least), and not the whole reply.
  expect(reply?.text.startsWith(seen)).toBe(true)
  expect(reply?.text).toMatch(/^You said: “Leave halfway”\. No/)
  expect(reply?.text.endsWith(REPLY_END)).toBe(false)
})

test('7. no uncaught errors in the browser console but the refused thread of check 4', () => {
  const refused = (problem: string) => problem.includes('status of 404')
  expect(chrome.problems.filter(refused).length).toBeLessThanOrEqual(1)
  expect(
    chrome.problems.filter((problem) => !refused(problem)),
    `server output:\n${allServerOutput()}`,
  ).toEqual([])
})
