import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchBrowser, type TestBrowser } from '../../next-demo/e2e/browser'
import { expectHiddenFromAnotherUser, messages, openChat, startThread } from '../../next-demo/e2e/chatPage'
import { createScreenshots } from '../../next-demo/e2e/demoPage'
import { startViteDemo, stopViteDemos, type ViteDemoServer } from './startViteDemo'

const screenshots = createScreenshots()

let chrome: TestBrowser
let server: ViteDemoServer

beforeAll(async () => {
  console.log(`[e2e-vite] screenshots: ${screenshots.dir}`)
  ;[chrome, server] = await Promise.all([launchBrowser(), startViteDemo()])
})

afterAll(async () => {
  await chrome?.close()
  await stopViteDemos()
})

describe('vite-demo /: a conversation on our ChatKit server under Hono', () => {
  let threadId = ''

  test('0. start-up prints the data folder and how to reset it', () => {
    expect(server.output()).toMatch(/threads are saved in \/\S*vite-demo-chatkit-\S+ \(CHATKIT_DATA_DIR\)/)
    expect(server.output()).toContain('to start over, stop the server and delete that folder')
  })

  test('1. type a message and see the reply stream in; 2. reload: the thread is listed with its messages', async () => {
    const page = await chrome.openPage(`${server.origin}/`)
    await openChat(page, `${server.origin}/`)
    threadId = await startThread(page, 'Hello from the Vite suite')
    await screenshots.take(page, 'vite-1-conversation')

    await page.reload()
    await page.waitForSelector(`[data-thread-id="${threadId}"]`)
    await expect.poll(() => messages(page).then((all) => all.length)).toBe(2)
    // From a fresh `/` too: the list opens it.
    await openChat(page, `${server.origin}/`)
    expect(await messages(page)).toEqual([])
    await page.click(`[data-thread-id="${threadId}"]`)
    await expect.poll(() => messages(page).then((all) => all.length)).toBe(2)
    expect(await page.textContent(`[data-thread-id="${threadId}"]`)).toBe('Hello from the Vite suite')
    await screenshots.take(page, 'vite-2-after-reload')
  })

  test('3. a second user (another browser context) does not see it, even by its id', async () => {
    await expectHiddenFromAnotherUser(chrome, server.origin, threadId)
  })
})

test("5. a data folder whose parents do not exist yet (a fresh clone's .data/chatkit) is made at the first request", async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'vite-demo-fresh-')), '.data', 'chatkit')
  const fresh = await startViteDemo({ CHATKIT_DATA_DIR: dataDir })
  // A first visit signs the visitor in (the cookie); the token handler then signs a token.
  const visit = await fetch(`${fresh.origin}/`)
  const cookie = (visit.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const minted = await fetch(`${fresh.origin}/api/chatkit/token`, {
    method: 'POST',
    headers: { cookie, origin: fresh.origin, 'content-type': 'application/json' },
    body: '{}',
  })
  expect(minted.status).toBe(200)
  const { session } = (await minted.json()) as { session: { client_secret: string } }
  const listed = await fetch(`${fresh.origin}/api/chatkit`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.client_secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'threads.list', params: {} }),
  })
  expect(listed.status, fresh.output()).toBe(200)
  expect(await listed.json()).toMatchObject({ data: [], has_more: false })
  await fresh.stop()
})

test('4. no uncaught errors in the browser console but the refused thread of check 3', () => {
  const refused = (problem: string) => problem.includes('status of 404')
  expect(chrome.problems.filter(refused).length).toBeLessThanOrEqual(1)
  expect(
    chrome.problems.filter((problem) => !refused(problem)),
    `server output:\n${server.output()}`,
  ).toEqual([])
})
