import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { createApp } from './createApp.ts'

// `pnpm demo:vite` (or `node dist/server/main.js` after `pnpm --filter vite-demo build`): the
// built SPA and its API on one Node server. HOST and PORT choose where it listens.
const host = process.env.HOST ?? '127.0.0.1'
const port = Number(process.env.PORT ?? 3001)
const { app, backend, selfHosted } = createApp({
  // The build puts the SPA beside this file's folder: dist/client next to dist/server.
  clientDir: fileURLToPath(new URL('../client', import.meta.url)),
  // The app's folder (dist/server/main.js is two levels down): `.data/chatkit` is in it.
  appDir: fileURLToPath(new URL('../..', import.meta.url)),
  // `DEMO_COOKIE_SECRET`, else a random key for this process (users change on restart).
  cookieSecret: process.env.DEMO_COOKIE_SECRET || randomBytes(32).toString('base64url'),
})
// Open the chat's database now: a bad data folder (or one migrated by a newer version) stops
// the server here with its reason, not at the first message.
selfHosted.ready.catch((error: unknown) => {
  console.error(`vite-demo: the chat's database in ${selfHosted.dataDir} could not be opened:`, error)
  process.exit(1)
})

const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
  const { mode, lifetimeSeconds } = backend.settings
  const source =
    mode === 'emulator'
      ? `the embedded ChatKit emulator (sessions last ${lifetimeSeconds} s; no OPENAI_API_KEY)`
      : 'the OpenAI API'
  console.log(
    [
      `vite-demo: open http://${host}:${info.port}`,
      `vite-demo: / is the chat on our ChatKit server (/api/chatkit); /hosted the hosted sessions, from ${source}`,
      `vite-demo: threads are saved in ${selfHosted.dataDir} (CHATKIT_DATA_DIR); to start over, stop the server and delete that folder`,
    ].join('\n'),
  )
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // The database is closed after the last request, so PGlite writes what it holds.
  process.once(signal, () => {
    server.close(() => void selfHosted.close().finally(() => process.exit(0)))
    // Idle keep-alive connections would hold `close` open as long as a page stays open.
    if ('closeIdleConnections' in server) server.closeIdleConnections()
  })
}
