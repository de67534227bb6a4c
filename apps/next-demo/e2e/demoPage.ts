import { createHash } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import type { NextServer } from './nextServer'

/** The status badge (`<ChatKitSessionBadge>`): the pill with `data-status` around its live region. */
export const BADGE = '[data-status]:has(> [role="status"])'

/**
 * axe's violations on the page as it is now, one line each (`[]` when there are none): every
 * rule axe runs by default (WCAG 2.x A and AA, and its best practices), through
 * `@axe-core/playwright`.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze()
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${node.impact ?? 'unrated'}) at ${node.target.join(' ')}: ${violation.help}`,
    ),
  )
}

/** Waits until the badge shows `status`. */
export async function waitForStatus(page: Page, status: string, timeout = 20_000): Promise<void> {
  await page.waitForSelector(`${BADGE}[data-status="${status}"]`, { timeout })
}

export async function readStatus(page: Page): Promise<string | null> {
  return page.getAttribute(BADGE, 'data-status')
}

/**
 * Presses Tab, as a keyboard-only user does, until the element matching `selector` has focus
 * (at most `maxPresses` times), and returns how many presses it took.
 */
export async function tabTo(page: Page, selector: string, maxPresses = 40): Promise<number> {
  for (let presses = 1; presses <= maxPresses; presses++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((target) => document.activeElement?.matches(target) ?? false, selector))
      return presses
  }
  throw new Error(`${selector} never had focus after ${maxPresses} presses of Tab`)
}

/** What has focus: its tag, role, accessible label and text (`BODY` when focus was lost). */
export async function describeFocus(page: Page) {
  return page.evaluate(() => {
    const focused = document.activeElement
    return {
      tag: focused?.tagName ?? null,
      role: focused?.getAttribute('role') ?? null,
      label: focused?.getAttribute('aria-label') ?? null,
      text: focused?.textContent ?? '',
    }
  })
}

/** The session id the page shows (`—` when there is none). */
export async function readSessionId(page: Page): Promise<string> {
  return (await page.textContent('[data-testid="session-id"]')) ?? ''
}

/** Waits until the page shows an active session whose id is not `previous`, and returns it. */
export async function waitForNewActiveSession(
  page: Page,
  previous: string,
  timeout = 30_000,
): Promise<string> {
  await page.waitForFunction(
    ({ badge, previous }) => {
      const status = document.querySelector(badge)
      const id = document.querySelector('[data-testid="session-id"]')?.textContent ?? ''
      return (
        status?.getAttribute('data-status') === 'active' &&
        status.querySelector('[data-error-code]') === null &&
        id.startsWith('cksess_') &&
        id !== previous
      )
    },
    { badge: BADGE, previous },
    { timeout },
  )
  return readSessionId(page)
}

/** What `traceSession` recorded: every badge status and session id the page showed, in order. */
export interface SessionTrace {
  statuses: string[]
  ids: string[]
}

interface TracedWindow {
  __sessionTrace?: SessionTrace
}

/**
 * Records, from inside the page, every status and session id the DOM shows (a
 * MutationObserver, so a status shown for one frame is not missed). Read it with `readTrace`.
 */
export async function traceSession(page: Page): Promise<void> {
  await page.evaluate((badge) => {
    const trace: SessionTrace = { statuses: [], ids: [] }
    ;(window as TracedWindow).__sessionTrace = trace
    const record = () => {
      const status = document.querySelector(badge)?.getAttribute('data-status') ?? ''
      const id = document.querySelector('[data-testid="session-id"]')?.textContent ?? ''
      if (trace.statuses.at(-1) !== status) trace.statuses.push(status)
      if (id.startsWith('cksess_') && trace.ids.at(-1) !== id) trace.ids.push(id)
    }
    record()
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    })
  }, BADGE)
}

export async function readTrace(page: Page): Promise<SessionTrace> {
  const trace = await page.evaluate(() => (window as TracedWindow).__sessionTrace)
  if (trace === undefined) throw new Error('traceSession() was not called on this page (or it reloaded)')
  return trace
}

/** Calls the emulator's control surface inside a demo server (`CHATKIT_EMULATOR_CONTROL=1`). */
export async function emulatorControl<T = unknown>(
  server: NextServer,
  route: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const response = await fetch(`${server.origin}/api/emulator/__emulator${route}`, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  if (!response.ok) throw new Error(`emulator control ${route}: HTTP ${response.status}`)
  return (await response.json()) as T
}

/** Screenshots into one temporary folder per run (never in the repository). */
export function createScreenshots(): { dir: string; take: (page: Page, name: string) => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'next-demo-e2e-'))
  return {
    dir,
    take: async (page, name) => {
      await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
    },
  }
}

/**
 * Rewrites, on their way out of `page`, the arguments of every cancel server action call (a
 * Next.js action whose first argument is a `cksess_` id) with `rewrite`, and collects the
 * server's answers as text. Nothing in the demo changes: this is what a user with the browser's
 * developer tools can do.
 */
export async function rewriteCancelCalls(
  page: Page,
  origin: string,
  rewrite: (args: unknown[]) => unknown[],
): Promise<string[]> {
  const answers: string[] = []
  await page.route(`${origin}/**`, async (route) => {
    const request = route.request()
    if (request.method() !== 'POST' || request.headers()['next-action'] === undefined) return route.fallback()
    let args: unknown
    try {
      args = JSON.parse(request.postData() ?? '')
    } catch {
      return route.fallback()
    }
    if (!Array.isArray(args) || typeof args[0] !== 'string' || !args[0].startsWith('cksess_')) {
      return route.fallback()
    }
    const response = await route.fetch({ postData: JSON.stringify(rewrite(args)) })
    const body = await response.text()
    answers.push(body)
    await route.fulfill({ response, body })
  })
  return answers
}

/**
 * A secret's fingerprint as `announceSecret` (packages/stories) computes it in the page (the first 16 hex
 * digits of its SHA-256): how a test matches what the page received with the emulator's sessions.
 */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16)
}

/** Every file of a build's output below `dir`, with its text: for "no key in any asset" checks. */
export async function readBuiltFiles(dir: string): Promise<{ name: string; content: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => ({
        name: entry.name,
        content: await readFile(join(entry.parentPath, entry.name), 'utf8'),
      })),
  )
}

/**
 * Stands in for ChatKit's CDN script (out of reach in tests): defines `<openai-chatkit>`, which
 * asks for a client secret once, as ChatKit does, and marks `data-secret` with the outcome.
 */
export const CHATKIT_SCRIPT_STUB = `
customElements.define('openai-chatkit', class extends HTMLElement {
  setOptions(options) {
    if (this.asked) return
    this.asked = true
    this.textContent = 'ChatKit (test stub): asking for a client secret'
    options.api.getClientSecret(null).then(
      () => { this.dataset.secret = 'received'; this.textContent = 'ChatKit (test stub): got a client secret' },
      () => { this.dataset.secret = 'failed' },
    )
  }
})
`
