// @vitest-environment node
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import { launchBrowser } from '../apps/next-demo/e2e/browser.ts'
import { openChat, REPLY_END } from '../apps/next-demo/e2e/chatPage.ts'
import buildDemo from '../apps/next-demo/e2e/globalSetup.ts'
import { startNextServer, stopAllServers } from '../apps/next-demo/e2e/nextServer.ts'
import { formatTable, percentile } from './table.ts'

const REPO_ROOT = process.env.REPO_ROOT ?? process.cwd()
/** Messages measured, one after another in one thread, after one warm-up message. */
const MESSAGES = 10
/** One SSE frame, as the bare-fetch baseline's static answer. */
const STATIC_SSE = 'data: {"type":"thread.item.updated"}\n\n'

interface MessageTiming {
  /** Enter → the composer's Stop button in the DOM: React's local answer, no server round trip. */
  localEcho: number
  /** Enter → the first reply text in the DOM. */
  firstToken: number
  /** A bare `fetch` of a static SSE answer from 127.0.0.1 → its first chunk read. */
  bareFetch: number
}

/**
 * Watches the page for the marks of one message: installed before the page's scripts run, it
 * stamps Enter in the composer, then the first DOM change that shows the Stop button and the
 * first that shows text in a new assistant message.
 */
function installMarks(): void {
  type Marks = { enter?: number; echo?: number; token?: number; assistantsBefore: number }
  const w = window as unknown as { __marks: Marks }
  const assistants = () => document.querySelectorAll('[data-testid="message"][data-role="assistant"]')
  w.__marks = { assistantsBefore: 0 }
  document.addEventListener(
    'keydown',
    (event) => {
      const target = event.target as HTMLElement | null
      if (event.key !== 'Enter' || target?.dataset.testid !== 'composer') return
      w.__marks = { enter: performance.now(), assistantsBefore: assistants().length }
    },
    true,
  )
  new MutationObserver(() => {
    const marks = w.__marks
    if (marks.enter === undefined) return
    if (marks.echo === undefined && document.querySelector('[data-testid="stop"]') !== null) {
      marks.echo = performance.now()
    }
    const all = assistants()
    if (marks.token === undefined && all.length > marks.assistantsBefore) {
      if ((all[all.length - 1]?.textContent ?? '') !== '') marks.token = performance.now()
    }
  }).observe(document, { subtree: true, childList: true, characterData: true })
}

// Time from pressing Enter to the first reply token, in Chromium, on the production build of the
// Next demo with the scripted responder answering at once (CHATKIT_SCRIPTED_WORD_DELAY_MS=0): our
// ChatKit server's own overhead (token check, PGlite writes, SSE) plus the browser's.
it('time to first reply token: Enter → first token vs local echo and a bare SSE fetch', async () => {
  await buildDemo()
  // The bare-fetch baseline: a static SSE answer over a real socket, with no work behind it.
  const sse = createServer((_request, response) => {
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
    })
    response.end(STATIC_SSE)
  })
  await new Promise<void>((resolve) => sse.listen(0, '127.0.0.1', resolve))
  const sseUrl = `http://127.0.0.1:${(sse.address() as AddressInfo).port}/sse`
  const [chrome, server] = await Promise.all([
    launchBrowser(),
    startNextServer({ CHATKIT_SCRIPTED_WORD_DELAY_MS: '0' }),
  ])
  const timings: MessageTiming[] = []
  try {
    const page = await chrome.openPage(`${server.origin}/`, async (p) => {
      await p.addInitScript(installMarks)
    })
    await openChat(page, `${server.origin}/`)
    for (let i = 0; i <= MESSAGES; i += 1) {
      await page.fill('[data-testid="composer"]', `Message ${i}`)
      await page.press('[data-testid="composer"]', 'Enter')
      await page.waitForFunction(
        (end) => {
          const replies = document.querySelectorAll('[data-testid="message"][data-role="assistant"]')
          const last = replies[replies.length - 1]?.textContent ?? ''
          return last.endsWith(end) && document.querySelector('[data-testid="send"]') !== null
        },
        REPLY_END,
        { timeout: 20_000 },
      )
      const marks = await page.evaluate(() => {
        const m = (window as unknown as { __marks: { enter: number; echo: number; token: number } }).__marks
        return { localEcho: m.echo - m.enter, firstToken: m.token - m.enter }
      })
      const bareFetch = await page.evaluate(async (url) => {
        const started = performance.now()
        const response = await fetch(url, { cache: 'no-store' })
        const reader = (response.body as ReadableStream<Uint8Array>).getReader()
        await reader.read()
        const at = performance.now() - started
        await reader.cancel()
        return at
      }, sseUrl)
      // Message 0 warms up the route, the database and the thread.
      if (i > 0) timings.push({ ...marks, bareFetch })
    }
  } finally {
    await chrome.close()
    await stopAllServers()
    await new Promise((resolve) => sse.close(resolve))
  }

  const series = (key: keyof MessageTiming) => timings.map((t) => t[key])
  const p50 = (key: keyof MessageTiming) => percentile(series(key), 0.5)
  const cell = (key: keyof MessageTiming) =>
    `${percentile(series(key), 0.5).toFixed(1)} / ${percentile(series(key), 0.9).toFixed(1)} ms`
  const table = formatTable(
    [
      `Enter → first reply token (${MESSAGES} messages, Next demo production build)`,
      'p50 / p90',
      'ratio of p50s',
    ],
    [
      ['baseline a. local echo (Stop button, no server round trip)', cell('localEcho'), '1.0×'],
      [
        'baseline b. bare fetch of a static SSE answer (127.0.0.1)',
        cell('bareFetch'),
        `${(p50('bareFetch') / p50('localEcho')).toFixed(1)}× a.`,
      ],
      [
        'ours: first reply token (goal p50 <= 50 ms)',
        cell('firstToken'),
        `${(p50('firstToken') / p50('localEcho')).toFixed(1)}× a., ${(p50('firstToken') / p50('bareFetch')).toFixed(1)}× b.`,
      ],
    ],
  )
  writeFileSync(join(REPO_ROOT, 'bench/results-first-token.json'), `${JSON.stringify(timings, null, 2)}\n`)
  console.log(`\n${table}\n\nwritten to bench/results-first-token.json`)
})
