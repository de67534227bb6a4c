import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { launchBrowser, type TestBrowser } from './browser'
import { openChat, threadIdOf } from './chatPage'
import { axeViolations, createScreenshots } from './demoPage'
import { allServerOutput, demoSecrets, startNextServer, stopAllServers, type NextServer } from './nextServer'

// The weather card offline: the scripted responder answers "weather" with a widget built from
// the demo's `.widget` file (packages/stories, scriptedWeather.ts), its summary streaming in; its
// Refresh button sends `weather.refresh`, which changes the card in place. One page at a time.

const screenshots = createScreenshots()
let chrome: TestBrowser
let server: NextServer
const secrets = demoSecrets('widgets')

beforeAll(async () => {
  chrome = await launchBrowser()
})

afterAll(() => Promise.all([chrome?.close(), stopAllServers()]))

const CARD = '[data-testid="widget"]'
const SUMMARY = `${CARD} [data-component-id="summary"]`
const SUMMARY_END = 'press Refresh for another.'

/** What the card shows: its item id, title, caption and summary, and whether the summary streams. */
const readCard = (page: Page) =>
  page.$$eval(CARD, (cards) =>
    cards.map((card) => ({
      itemId: (card as HTMLElement).dataset.itemId,
      title: card.querySelector('[data-widget="Title"]')?.textContent ?? '',
      caption: card.querySelector('[data-widget="Caption"]')?.textContent ?? '',
      summary: card.querySelector('[data-component-id="summary"]')?.textContent ?? '',
      streaming: card.querySelector('[data-component-id="summary"]')?.getAttribute('aria-busy') === 'true',
    })),
  )

/** Every summary length seen until the card's summary is whole and no longer streaming. */
async function watchSummary(page: Page): Promise<number[]> {
  const lengths = new Set<number>()
  const deadline = Date.now() + 30_000
  for (;;) {
    const [card] = await readCard(page)
    if (card) {
      lengths.add(card.summary.length)
      if (card.summary.endsWith(SUMMARY_END) && !card.streaming) return [...lengths]
    }
    if (Date.now() > deadline) throw new Error(`the card's summary never finished: ${JSON.stringify(card)}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

test('answers "weather" with a card whose text streams in, and Refresh changes it in place, saved', async () => {
  console.log(`[e2e] screenshots: ${screenshots.dir}`)
  server = await startNextServer(secrets)
  const page = await chrome.openPage(`${server.origin}/`)
  await openChat(page, `${server.origin}/`)
  await page.fill('[data-testid="composer"]', 'What is the weather in Lyon?')
  await page.press('[data-testid="composer"]', 'Enter')

  await page.waitForSelector(SUMMARY, { timeout: 30_000 })
  const streamed = await watchSummary(page)
  // The summary grew word by word: several lengths were on screen before the whole text.
  expect(streamed.length).toBeGreaterThan(3)
  const [first] = await readCard(page)
  expect(first).toMatchObject({ title: 'Lyon', caption: 'Just now', streaming: false })
  expect(first?.summary).toMatch(/ in Lyon at \d+°C\. /)
  await screenshots.take(page, 'weather-card')
  expect(await axeViolations(page)).toEqual([])
  const threadId = threadIdOf(page)
  expect(threadId).toMatch(/^thr_/)

  await page.click(`${CARD} button:text-is("Refresh")`)
  await expect
    .poll(async () => (await readCard(page))[0]?.caption, { timeout: 30_000 })
    .toBe('Refreshed 1 time')
  const restreamed = await watchSummary(page)
  expect(restreamed.length).toBeGreaterThan(3)
  const refreshed = await readCard(page)
  // The same item, changed in place: still one card.
  expect(refreshed).toHaveLength(1)
  expect(refreshed[0]).toMatchObject({ itemId: first?.itemId, title: 'Lyon', caption: 'Refreshed 1 time' })
  await screenshots.take(page, 'weather-card-refreshed')
  expect(await axeViolations(page)).toEqual([])

  // Reloaded, the card is the refreshed one: the action's result was saved.
  await page.reload()
  await page.waitForSelector(SUMMARY)
  expect(await readCard(page)).toEqual(refreshed)
  expect(threadIdOf(page)).toBe(threadId)
  expect(chrome.problems, `server output:\n${allServerOutput()}`).toEqual([])
})
