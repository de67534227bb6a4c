import {
  BASE_RETRY_DELAY_MS,
  MAX_RETRY_DELAY_WITHOUT_SECRET_MS,
  MIN_RETRY_DELAY_MS,
} from '@chatkit-session/core'
import type { ChatSession } from 'openai/resources/beta/chatkit'
import type { Browser, BrowserContext, Page, Request, Route } from 'playwright-core'
import { emulatorControl, fingerprint } from './demoPage'
import type { NextServer } from './nextServer'

// Browser-lifecycle scenarios on the demo in real Chromium with real timers: each one opens a
// page, lets it settle on a session, imposes a condition across the refresh point and the
// deadline, lifts it, and measures what the page did. Shared by the e2e suite and `pnpm bench`.

/** Session and token lifetime the lifecycle server is started with, in seconds. */
export const LIFECYCLE_LIFETIME_SECONDS = 10

/** The demo's environment for the lifecycle server: short sessions and tokens, control routes. */
export const LIFECYCLE_SERVER_ENV = {
  CHATKIT_EMULATOR_LIFETIME_SECONDS: String(LIFECYCLE_LIFETIME_SECONDS),
  CHATKIT_TOKEN_TTL_SECONDS: String(LIFECYCLE_LIFETIME_SECONDS),
  CHATKIT_EMULATOR_CONTROL: '1',
}

/** The conditions, each across the refresh point and the expiry of the first session. */
export const SCENARIOS = {
  a: 'refresh fails (HTTP 503) while the tab is hidden; then visible and healthy',
  b: 'offline across the refresh point, then online',
  c: 'page JavaScript stopped past the deadline (debugger pause), then running',
  d: 'clock jumps past the deadline (laptop sleep: Playwright clock fastForward)',
  e: 'server action latency of 8 s across the refresh point',
  f: 'back/forward cache: navigated away past the deadline, then restored',
  g: 'the action throws (network failure) across the refresh point, then reachable',
} as const

export type Scenario = keyof typeof SCENARIOS
export type ClientKind = 'private' | 'app'
export type Mode = 'hosted' | 'self-hosted'

/** Every case: each scenario on the hosted and the self-hosted page, with either client. */
export const LIFECYCLE_CASES: readonly (readonly [Scenario, Mode, ClientKind])[] = (
  Object.keys(SCENARIOS) as Scenario[]
).flatMap((scenario) =>
  (['hosted', 'self-hosted'] as const).flatMap((mode) =>
    (['private', 'app'] as const).map((client) => [scenario, mode, client] as const),
  ),
)

/**
 * When the condition starts: this long before the page's session expires, so it covers the
 * refresh point (10% of the lifetime, 1 s, before the expiry) whatever the load on the machine.
 */
const CONDITION_STARTS_BEFORE_EXPIRY_MS = 3_000
/** How long a condition lasts (past the deadline), except latency (8 s per request) and a jump. */
const CONDITION_MS = 6_000
/** The server action latency of scenario e. */
const LATENCY_MS = 8_000
/** How long after the condition ends calls are still counted (a storm would show here). */
const AFTERMATH_MS = 5_000

export interface ScenarioResult {
  scenario: Scenario
  client: ClientKind
  mode: Mode
  /** From the end of the condition to the first fresh secret handed out, ms (null: none came). */
  recoveryMs: number | null
  /** How long the condition lasted, ms. */
  conditionMs: number
  /** Action calls (server action requests) while the condition lasted. */
  callsDuring: number
  /** The most calls the backoff allows in that time (1 + its steps). */
  callsAllowed: number
  /** Action calls in the 5 s after the condition ended. */
  callsAfter: number
  /** Secrets (hosted) or tokens (self-hosted) handed to ChatKit in the whole run. */
  handedOut: number
  /** Of those, how many were already past their expiry when handed out. */
  expiredHandedOut: number
  /** Scenario f: whether the page really came back from the back/forward cache. */
  restoredFromBfcache?: boolean
}

/** What the page reports through the `__lifecycleRecord` binding. */
type PageRecord =
  | { kind: 'secret'; at: number; fingerprint: string }
  | { kind: 'token'; at: number; exp: number; iat: number; jti: string }
  | { kind: 'pageshow'; persisted: boolean }

interface Handout {
  /** The page's clock when it was handed out (ms). */
  at: number
  /** The real clock when the test heard of it (ms). */
  real: number
  id: string
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** At most `limit` tasks at once; the rest wait their turn, first come first served. */
function createGate(limit: number) {
  let running = 0
  const waiting: (() => void)[] = []
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
      else running += 1
      try {
        return await task()
      } finally {
        const next = waiting.shift()
        if (next === undefined) running -= 1
        else next()
      }
    },
  }
}

/** How many cases load their page at once (the rest of a case is mostly waiting). */
const CONCURRENT_NAVIGATIONS = 4
const navigations = createGate(CONCURRENT_NAVIGATIONS)

/**
 * The most action calls the backoff allows in `durationMs`: the first attempt plus one per
 * retry step, each step at least its shortest delay (half its backoff, never under 1 s), with
 * the lower ceiling that applies once the secret has died.
 */
export function maxCallsInBackoff(durationMs: number): number {
  let calls = 1
  let elapsed = 0
  for (let step = 1; ; step += 1) {
    const backoff = Math.min(MAX_RETRY_DELAY_WITHOUT_SECRET_MS, BASE_RETRY_DELAY_MS * 2 ** (step - 1))
    elapsed += Math.max(MIN_RETRY_DELAY_MS, backoff / 2)
    if (elapsed > durationMs) return calls
    calls += 1
  }
}

/** Runs in the page before its scripts: reports secrets, tokens and bfcache restores. */
function instrumentPage() {
  type Reporter = (record: unknown) => void
  const report = (record: unknown) =>
    (window as unknown as { __lifecycleRecord?: Reporter }).__lifecycleRecord?.(record)
  window.addEventListener('chatkit-standin:secret', (event) => {
    const { at, fingerprint } = (event as CustomEvent<{ at: number; fingerprint: string }>).detail
    report({ kind: 'secret', at, fingerprint })
  })
  window.addEventListener('pageshow', (event) => report({ kind: 'pageshow', persisted: event.persisted }))
  const originalFetch = window.fetch
  window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined))
    const token = /^Bearer (.+)$/.exec(headers.get('authorization') ?? '')?.[1]
    const payload = token?.split('.')[1]
    if (payload !== undefined) {
      const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as {
        exp: number
        iat: number
        jti: string
      }
      report({ kind: 'token', at: Date.now(), exp: claims.exp, iat: claims.iat, jti: claims.jti })
    }
    return originalFetch.call(this, input, init)
  }
}

type Fault =
  { kind: 'none' } | { kind: 'http503' } | { kind: 'abort' } | { kind: 'delay'; released: () => void }

async function setHidden(page: Page, hidden: boolean) {
  await page.evaluate((hide) => {
    const state = hide ? 'hidden' : 'visible'
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hide })
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
  }, hidden)
}

/**
 * Runs one scenario on its own browser context (its own user, cookies, clock and network) on
 * the shared lifecycle server, and measures it.
 */
export async function runScenario(
  browser: Browser,
  server: NextServer,
  scenario: Scenario,
  client: ClientKind,
  mode: Mode,
): Promise<ScenarioResult> {
  const context: BrowserContext = await browser.newContext()
  try {
    if (scenario === 'd') await context.clock.install()
    const page = await context.newPage()
    const records: (PageRecord & { real: number })[] = []
    await page.exposeBinding('__lifecycleRecord', (_source, record: PageRecord) => {
      records.push({ ...record, real: Date.now() })
    })
    await page.addInitScript(instrumentPage)

    const calls: number[] = []
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.headers()['next-action'] !== undefined)
        calls.push(Date.now())
    })
    let fault: Fault = { kind: 'none' }
    // A Next.js dynamic page is sent with `Cache-Control: no-store`, which keeps Chromium from
    // putting it in the back/forward cache: for scenario f, the page is served without it.
    const stripNoStore = scenario === 'f'
    await page.route(`${server.origin}/**`, async (route: Route) => {
      const request = route.request()
      const isAction = request.method() === 'POST' && request.headers()['next-action'] !== undefined
      const current = fault
      if (isAction && current.kind === 'http503') {
        return route.fulfill({ status: 503, contentType: 'text/plain', body: 'Service Unavailable' })
      }
      if (isAction && current.kind === 'abort') return route.abort('internetdisconnected')
      if (isAction && current.kind === 'delay') {
        await sleep(LATENCY_MS)
        current.released()
      }
      // Static assets are cacheable already; only documents and dynamic answers carry no-store.
      if (!stripNoStore || new URL(request.url()).pathname.startsWith('/_next/static/'))
        return route.fallback()
      // Under load `next start` sometimes resets a connection; an unhandled route would leave
      // the page's request pending forever, so try twice, then fail it as the network would.
      const response = await route.fetch().catch(() => route.fetch().catch(() => undefined))
      if (response === undefined) return route.abort('connectionreset')
      const headers = { ...response.headers() }
      if ((headers['cache-control'] ?? '').includes('no-store'))
        headers['cache-control'] = 'private, no-cache'
      return route.fulfill({ response, headers })
    })

    // Requests still open, so a navigation that never loads says what it is waiting for.
    const pending = new Map<Request, number>()
    page.on('request', (request) => pending.set(request, Date.now()))
    page.on('requestfinished', (request) => pending.delete(request))
    page.on('requestfailed', (request) => pending.delete(request))
    const handoutsOf = (): Handout[] =>
      records.flatMap((r) =>
        r.kind === 'secret'
          ? [{ at: r.at, real: r.real, id: r.fingerprint }]
          : r.kind === 'token'
            ? [{ at: r.at, real: r.real, id: r.jti }]
            : [],
      )

    const path = mode === 'hosted' ? '/hosted' : '/'
    let navigationStart = 0
    // Loading and hydrating the page is the one heavy step of a case: a few at a time, so
    // 28 cases started together do not starve each other on a small machine.
    await navigations.run(async () => {
      navigationStart = Date.now()
      await page
        .goto(`${server.origin}${path}${client === 'app' ? '?queryClient=app' : ''}`)
        .catch((error: unknown) => {
          const open = [...pending].map(
            ([request, at]) =>
              `${request.method()} ${new URL(request.url()).pathname} (${Date.now() - at} ms)`,
          )
          throw new Error(
            `${String(error)}\nrequests still open: ${open.join(', ') || 'none'}\n` +
              `the server printed (last 3,000 characters):\n${server.output().slice(-3_000)}`,
          )
        })
      await waitFor(() => handoutsOf()[0], 20_000, 'the first secret')
    })
    // Every session comes from the navigation (the hosted page prefetches one while it renders)
    // or from an action call, so the latest of those tells when the session the page holds
    // expires (a lifetime after it, at the latest). On a loaded machine the page may settle
    // late: then the next call's session is the one to put the condition across.
    const sessionStarts = () => [navigationStart, ...calls]
    let conditionAt = 0
    for (let seen = sessionStarts().length; ;) {
      const latest = sessionStarts()[seen - 1] ?? navigationStart
      conditionAt = latest + LIFECYCLE_LIFETIME_SECONDS * 1000 - CONDITION_STARTS_BEFORE_EXPIRY_MS
      if (conditionAt >= Date.now()) break
      const known = seen
      seen = await waitFor(
        () => (sessionStarts().length > known ? sessionStarts().length : undefined),
        20_000,
        'the next action call',
      )
    }
    await sleep(conditionAt - Date.now())

    const seenBefore = new Set(handoutsOf().map((h) => h.id))
    const conditionStart = Date.now()
    let clockJumpMs = 0
    let conditionEnd: number
    switch (scenario) {
      case 'a':
        await setHidden(page, true)
        fault = { kind: 'http503' }
        await sleep(CONDITION_MS)
        fault = { kind: 'none' }
        await setHidden(page, false)
        conditionEnd = Date.now()
        break
      case 'b':
        await context.setOffline(true)
        await sleep(CONDITION_MS)
        await context.setOffline(false)
        conditionEnd = Date.now()
        break
      case 'c': {
        // Page.setWebLifecycleState('frozen') answers success but freezes nothing on a visible
        // headless page (Chromium 156): the debugger stops the page's JavaScript instead, so no
        // timer or event runs until it resumes, as in a frozen page. Scenario f goes through
        // Chromium's own freeze and resume.
        const cdp = await context.newCDPSession(page)
        await cdp.send('Debugger.enable')
        await cdp.send('Debugger.pause')
        await sleep(CONDITION_MS)
        await cdp.send('Debugger.resume')
        await cdp.send('Debugger.disable')
        conditionEnd = Date.now()
        break
      }
      case 'd':
        clockJumpMs = CONDITION_MS
        await page.clock.fastForward(clockJumpMs)
        conditionEnd = Date.now()
        break
      case 'e': {
        let release!: () => void
        const released = new Promise<void>((resolve) => (release = resolve))
        fault = { kind: 'delay', released: () => release() }
        await Promise.race([released, sleep(LATENCY_MS * 3)])
        fault = { kind: 'none' }
        conditionEnd = Date.now()
        break
      }
      case 'f': {
        const away = new URL('/icon.svg', server.origin.replace('127.0.0.1', 'localhost'))
        await page.goto(away.href)
        await sleep(CONDITION_MS)
        await page.goBack({ waitUntil: 'commit' })
        conditionEnd = Date.now()
        break
      }
      case 'g':
        fault = { kind: 'abort' }
        await sleep(CONDITION_MS)
        fault = { kind: 'none' }
        conditionEnd = Date.now()
        break
    }

    const fresh = await waitFor(
      () => handoutsOf().find((h) => h.real >= conditionStart && !seenBefore.has(h.id)),
      15_000,
      'a fresh secret after the condition',
    ).catch(() => undefined)
    await sleep(Math.max(0, conditionEnd + AFTERMATH_MS - Date.now()))

    const handouts = handoutsOf()
    const expiries = await expiriesOf(server, records, mode)
    const expired = handouts.filter((h) => {
      const expiry = expiries.get(h.id)
      if (expiry === undefined) throw new Error(`no expiry known for a ${mode} credential handed out`)
      // The page's clock jumped ahead in scenario d; credentials created after the jump expire
      // that much later on the page's clock.
      const offset = seenBefore.has(h.id) ? 0 : clockJumpMs
      return h.at >= expiry.expiresAt + offset
    })
    const conditionMs = conditionEnd - conditionStart
    const pageshows = records.filter((r) => r.kind === 'pageshow')
    return {
      scenario,
      client,
      mode,
      recoveryMs: fresh === undefined ? null : Math.max(0, fresh.real - conditionEnd),
      conditionMs,
      callsDuring: calls.filter((t) => t >= conditionStart && t < conditionEnd).length,
      callsAllowed: maxCallsInBackoff(conditionMs),
      callsAfter: calls.filter((t) => t >= conditionEnd && t < conditionEnd + AFTERMATH_MS).length,
      handedOut: handouts.length,
      expiredHandedOut: expired.length,
      ...(scenario === 'f'
        ? { restoredFromBfcache: pageshows.some((r) => r.kind === 'pageshow' && r.persisted) }
        : {}),
    }
  } finally {
    await context.close()
  }
}

/** When each credential handed out expires and was created, on the server's clock (ms). */
async function expiriesOf(
  server: NextServer,
  records: PageRecord[],
  mode: Mode,
): Promise<Map<string, { expiresAt: number; createdAt: number }>> {
  const expiries = new Map<string, { expiresAt: number; createdAt: number }>()
  if (mode === 'self-hosted') {
    for (const r of records) {
      if (r.kind === 'token') expiries.set(r.jti, { expiresAt: r.exp * 1000, createdAt: r.iat * 1000 })
    }
    return expiries
  }
  const { data } = await emulatorControl<{ data: ChatSession[] }>(server, '/sessions')
  for (const session of data) {
    const expiresAt = session.expires_at * 1000
    expiries.set(fingerprint(session.client_secret), {
      expiresAt,
      createdAt: expiresAt - LIFECYCLE_LIFETIME_SECONDS * 1000,
    })
  }
  return expiries
}

async function waitFor<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = find()
    if (found !== undefined) return found
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(50)
  }
}
