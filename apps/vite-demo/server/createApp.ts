import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { getConnInfo } from '@hono/node-server/conninfo'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { getSignedCookie, setSignedCookie } from 'hono/cookie'
import { createBackend, type Backend } from './createBackend.ts'
import { createSelfHostedBackend, type SelfHostedBackend } from './createSelfHostedBackend.ts'
import type { DemoSettings } from './demoSettings.ts'

/** The demo's stand-in for real auth: an HttpOnly cookie with a random user id, signed by the server. */
export const USER_COOKIE = 'chatkit_demo_user'

export interface DemoServer {
  app: Hono
  /** The hosted sessions' handlers (`/hosted`). */
  backend: Backend
  /** The token handler and our ChatKit server (`/`). */
  selfHosted: SelfHostedBackend
}

/**
 * The Hono app: the built SPA from `clientDir`; our ChatKit server at `/api/chatkit` and its
 * token handler at `/api/chatkit/token`; the hosted session handlers at `/api/chatkit/session`
 * and `/api/chatkit/cancel` (all mounted as they are: Hono speaks the Fetch API); the demo's
 * settings at `/api/demo`; and, for the end-to-end tests only, the emulator's and the ChatKit
 * server stand-in's control routes.
 */
export function createApp(options: {
  clientDir: string
  /** The app's folder: `CHATKIT_DATA_DIR` is relative to it. */
  appDir: string
  cookieSecret: string
  env?: NodeJS.ProcessEnv
}): DemoServer {
  const { clientDir, appDir, cookieSecret, env = process.env } = options
  // Filled by the middleware below: the user of each request, as a real auth middleware would.
  const users = new WeakMap<Request, string>()
  // The socket's address of each request: the demo listens with no proxy in front, so that is
  // the client's (behind a proxy, trust `{ proxyHops }` or a `{ platform }` instead).
  const addresses = new WeakMap<Request, string>()
  const getUser = (request: Request) => users.get(request)
  const backend = createBackend(getUser, env, (request) => addresses.get(request))
  const selfHosted = createSelfHostedBackend({ getUser, appDir, control: backend.control, env })
  const domainKey = env.CHATKIT_DOMAIN_KEY || undefined
  const settings: DemoSettings = {
    ...backend.settings,
    chat: {
      ttlSeconds: selfHosted.ttlSeconds,
      realWidget: Boolean(env.OPENAI_API_KEY) && domainKey !== undefined,
      domainKey: domainKey ?? 'demo',
    },
  }
  const app = new Hono()

  app.use('*', async (c, next) => {
    const address = getConnInfo(c).remote.address
    if (address !== undefined) addresses.set(c.req.raw, address)
    const user = await getSignedCookie(c, cookieSecret, USER_COOKIE)
    if (typeof user === 'string' && user !== '') {
      users.set(c.req.raw, user)
    } else if (c.req.method === 'GET' && !c.req.path.startsWith('/api/')) {
      // A first visit signs the visitor in; an API call without the cookie stays signed out (401).
      const id = `user_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`
      await setSignedCookie(c, USER_COOKIE, id, cookieSecret, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: new URL(c.req.url).protocol === 'https:',
        path: '/',
        maxAge: 60 * 60 * 24 * 30,
      })
    }
    await next()
  })

  app.all('/api/chatkit', (c) => selfHosted.handle(c.req.raw))
  app.all('/api/chatkit/token', (c) => selfHosted.mint(c.req.raw))
  if (backend.control) {
    // The stand-in in front of the server answers these itself (tests only).
    app.all('/api/chatkit/__chatkit-server/*', (c) => selfHosted.handle(c.req.raw))
  }
  app.all('/api/chatkit/cancel', (c) => backend.cancelSession(c.req.raw))
  app.all('/api/chatkit/session', (c) => backend.createSession(c.req.raw))
  app.get('/api/demo', (c) => c.json(settings))
  app.all('/api/emulator/*', async (c) => {
    const route = c.req.path.slice('/api/emulator'.length)
    if (!backend.control || backend.emulator === undefined || !route.startsWith('/__emulator')) {
      return c.json({ error: { message: 'Not found.' } }, 404)
    }
    return backend.emulator.handle(new Request(new URL(route, c.req.url), c.req.raw))
  })
  app.all('/api/*', (c) => c.json({ error: { message: 'Not found.' } }, 404))

  app.use('/assets/*', serveStatic({ root: clientDir }))
  // Every other path is the SPA's.
  const indexHtml = readFile(join(clientDir, 'index.html'), 'utf8')
  app.get('*', async (c) => c.html(await indexHtml))
  return { app, backend, selfHosted }
}
