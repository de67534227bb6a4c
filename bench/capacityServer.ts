// One server of the capacity bench, in a process of its own (the bench bundles this file with
// esbuild and forks it, since Node 20 cannot run TypeScript), so that its RSS and CPU are its
// own. CAPACITY_KIND picks it:
// - `memory`, `pglite` (a data folder, CAPACITY_PGLITE_DIR), `postgres` (a pg Pool on
//   DATABASE_URL, schema CAPACITY_SCHEMA): the ChatKit handler and server on that store;
// - `bare`: a plain node:http server writing the same events at the same pace, with no
//   protocol, store or auth: the physical limit.
// It tells the parent `{ type: 'ready', url }`, then answers each `{ type: 'sample', gc }` with
// a `{ type: 'sample', ... }` (collecting garbage first when `gc`); `{ type: 'stop' }` closes it,
// and it exits (writing its --cpu-prof profile).
import { PGlite } from '@electric-sql/pglite'
import { createMemoryStore, type Store } from '@chatkit-session/chatkit-server'
import type { ChatKitUserContext } from '@chatkit-session/chatkit-server/fetch'
import { createPostgresStore } from '@chatkit-session/chatkit-server/postgres'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import { pacedDeltas, pacedReplyOptions } from './pacedReply.ts'
import { serveChatKit } from './serveChatKit.ts'

/** What the server process reports of itself. */
export interface CapacitySample {
  type: 'sample'
  /** Resident set size, bytes. */
  rss: number
  /** JavaScript heap in use plus memory outside it held by JavaScript objects (buffers), bytes. */
  heap: number
  /** User plus system CPU time since the process started, microseconds. */
  cpuMicros: number
  /** Requests open (streams, for the most part). */
  open: number
}

/** The messages the server process sends to its parent. */
export type CapacityServerMessage = { type: 'ready'; url: string } | CapacitySample

const reply = pacedReplyOptions({
  deltas: Number(process.env.CAPACITY_DELTAS ?? 50),
  intervalMs: Number(process.env.CAPACITY_INTERVAL_MS ?? 40),
})

const frame = (event: unknown) => `data: ${JSON.stringify(event)}\n\n`

/** The bare server: the ChatKit events of one reply, written as they come, nothing else. */
async function answerBare(request: IncomingMessage, response: ServerResponse, n: number) {
  let body = ''
  for await (const chunk of request) body += String(chunk)
  const create = body.includes('"threads.create"')
  const threadId = create ? `thr_bare${n}` : 'thr_bare'
  const createdAt = new Date().toISOString()
  const item = { id: `msg_bare${n}`, thread_id: threadId, created_at: createdAt }
  const closed = new AbortController()
  response.once('close', () => closed.abort())
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' })
  if (create)
    response.write(
      frame({
        type: 'thread.created',
        thread: { id: threadId, created_at: createdAt, status: { type: 'active' }, items: { data: [] } },
      }),
    )
  response.write(
    frame({ type: 'thread.item.done', item: { ...item, id: `msg_user${n}`, type: 'user_message' } }),
  )
  response.write(frame({ type: 'stream_options', stream_options: { allow_cancel: true } }))
  response.write(
    frame({ type: 'thread.item.added', item: { ...item, type: 'assistant_message', content: [] } }),
  )
  const part = (text: string) => ({ type: 'output_text', text, annotations: [] })
  const update = (value: object) => frame({ type: 'thread.item.updated', item_id: item.id, update: value })
  response.write(
    update({ type: 'assistant_message.content_part.added', content_index: 0, content: part('') }),
  )
  let text = ''
  for await (const delta of pacedDeltas(reply, closed.signal)) {
    text += delta
    response.write(update({ type: 'assistant_message.content_part.text_delta', content_index: 0, delta }))
  }
  response.write(
    update({ type: 'assistant_message.content_part.done', content_index: 0, content: part(text) }),
  )
  response.end(
    frame({ type: 'thread.item.done', item: { ...item, type: 'assistant_message', content: [part(text)] } }),
  )
}

async function serveBare(): Promise<{ http: Server; url: string }> {
  let n = 0
  const http = createServer((request, response) => {
    n += 1
    answerBare(request, response, n).catch(() => response.destroy())
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  return { http, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/` }
}

async function main() {
  const kind = process.env.CAPACITY_KIND ?? 'memory'
  let served: { http: Server; url: string }
  if (kind === 'bare') served = await serveBare()
  else {
    let store: Store<ChatKitUserContext>
    if (kind === 'memory') store = createMemoryStore<ChatKitUserContext>()
    else if (kind === 'pglite') {
      const db = new PGlite(process.env.CAPACITY_PGLITE_DIR)
      const pglite = createPostgresStore<ChatKitUserContext>({ db })
      await pglite.migrate()
      store = pglite
    } else if (kind === 'postgres') {
      const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
      const postgres = createPostgresStore({ db: pool, schema: process.env.CAPACITY_SCHEMA })
      await postgres.migrate()
      store = postgres
    } else throw new Error('CAPACITY_KIND: memory, pglite, postgres or bare')
    served = await serveChatKit(store, reply)
  }
  // Open requests, counted at the socket layer so every kind of server is counted alike.
  let open = 0
  served.http.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    open += 1
    response.once('close', () => (open -= 1))
  })
  const send = (message: CapacityServerMessage) => process.send?.(message)
  const sample = (): CapacitySample => {
    const cpu = process.cpuUsage()
    const memory = process.memoryUsage()
    return {
      type: 'sample',
      rss: memory.rss,
      heap: memory.heapUsed + memory.external,
      cpuMicros: cpu.user + cpu.system,
      open,
    }
  }
  process.on('message', (message: { type?: string; gc?: boolean }) => {
    if (message.type === 'sample') {
      // Memory figures leave out garbage not yet collected (the process runs with --expose-gc).
      if (message.gc) (globalThis as { gc?: () => void }).gc?.()
      send(sample())
    }
    if (message.type === 'stop') {
      served.http.closeAllConnections()
      served.http.close()
      // Streams cut off by a deadline may still be saving: exit without closing the store.
      process.exit(0)
    }
  })
  send({ type: 'ready', url: served.url })
}

void main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
