import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { TestBrowser } from './browser'
import { axeViolations, waitForStatus } from './demoPage'

// The self-hosted chat (`ChatKitChat` in `SelfHostedDemo`, packages/stories) as both demos'
// end-to-end suites drive it.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The scripted responder's last words: a reply that ends with them streamed to the end. */
export const REPLY_END = 'it is still here.'

/** The chat's messages as shown: role and text, oldest first. */
export const messages = (page: Page) =>
  page.$$eval('[data-testid="message"]', (items) =>
    items.map((item) => ({ role: (item as HTMLElement).dataset.role, text: item.textContent ?? '' })),
  )

/** The open thread's id, from the page's query string (`?thread=`). */
export const threadIdOf = (page: Page) => new URL(page.url()).searchParams.get('thread')

/** Opens the chat and waits until it can send (the token is active). */
export async function openChat(page: Page, url: string): Promise<void> {
  await page.goto(url)
  // Generous: the first page of a server compiles nothing, but a loaded machine is slow.
  await waitForStatus(page, 'active', 45_000)
  await page.waitForSelector('[data-testid="composer"]')
}

/**
 * Types `text` and presses Enter; resolves with every length the newest assistant message had
 * while it streamed, once it ends with the reply's last words.
 */
export async function send(page: Page, text: string): Promise<number[]> {
  const before = (await messages(page)).length
  await page.fill('[data-testid="composer"]', text)
  await page.press('[data-testid="composer"]', 'Enter')
  const lengths = new Set<number>()
  const deadline = Date.now() + 30_000
  for (;;) {
    const all = await messages(page)
    const reply = all.length >= before + 2 ? all[all.length - 1] : undefined
    if (reply?.role === 'assistant') {
      lengths.add(reply.text.length)
      if (reply.text.endsWith(REPLY_END)) return [...lengths]
    }
    if (Date.now() > deadline) throw new Error(`no whole reply to "${text}" in 30 s: ${JSON.stringify(all)}`)
    await sleep(20)
  }
}

/**
 * Sends the first message of a new thread and checks what a person sees: the reply streamed in
 * (seen part-way at least twice before it was whole), their message and the reply quoting it.
 * Resolves with the new thread's id.
 */
export async function startThread(page: Page, text: string): Promise<string> {
  const lengths = await send(page, text)
  expect(lengths.length).toBeGreaterThanOrEqual(3)
  const shown = await messages(page)
  expect(shown).toHaveLength(2)
  expect(shown[0]).toEqual({ role: 'user', text })
  expect(shown[1]?.text).toContain(`You said: “${text}”.`)
  const threadId = threadIdOf(page)
  expect(threadId).toMatch(/^thr_/)
  return threadId ?? ''
}

/** A second user (a new browser context) lists no thread, and gets a 404 for `threadId` by its id. */
export async function expectHiddenFromAnotherUser(
  chrome: TestBrowser,
  origin: string,
  threadId: string,
): Promise<void> {
  const other = await chrome.openPage(`${origin}/`)
  await openChat(other, `${origin}/`)
  await sleep(500)
  expect(await other.$$('[data-thread-id]')).toHaveLength(0)
  await openChat(other, `${origin}/?thread=${threadId}`)
  await other.waitForSelector('[data-testid="chat-error"]')
  expect(await other.textContent('[data-testid="chat-error"]')).toContain('404')
  expect(await messages(other)).toEqual([])
  expect(await axeViolations(other)).toEqual([])
  await other.context().close()
}
