import { chromium, type Browser, type Page } from 'playwright-core'
import { CHROMIUM_PATH, chromiumArgs } from '../../../scripts/chromium.ts'

/**
 * A browser with a fresh profile (Playwright's `launch` creates a new --user-data-dir in the
 * temp folder and deletes it on close; it refuses that flag in `args`), and every console
 * error and page error its pages raised.
 */
export interface TestBrowser {
  browser: Browser
  /** `console.error` messages and uncaught errors from every page opened with `openPage`. */
  problems: string[]
  /**
   * A new context (its own cookies: a new demo user) and page, watched for errors; `prepare`
   * runs before it navigates to `url` (routes, listeners).
   */
  openPage: (url: string, prepare?: (page: Page) => Promise<void>) => Promise<Page>
  close: () => Promise<void>
}

export async function launchBrowser(options: { backForwardCache?: boolean } = {}): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...chromiumArgs],
    headless: true,
    // Playwright switches the back/forward cache off by default; the lifecycle suite needs it.
    ...(options.backForwardCache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
  })
  const problems: string[] = []
  return {
    browser,
    problems,
    openPage: async (url, prepare) => {
      const page = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage()
      page.on('console', (message) => {
        if (message.type() !== 'error') return
        const { url: source } = message.location()
        problems.push(`${url} console.error: ${message.text()}${source ? ` (${source})` : ''}`)
      })
      page.on('pageerror', (error) => problems.push(`${url} uncaught: ${error.message}`))
      await prepare?.(page)
      await page.goto(url)
      return page
    },
    close: () => browser.close(),
  }
}
