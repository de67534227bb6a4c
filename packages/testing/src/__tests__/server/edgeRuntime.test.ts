import { EdgeVM } from '@edge-runtime/vm'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleForEdge } from '../../../../../scripts/edgeBundle.ts'
import { startChatKitEmulator } from './setup.ts'

// The proof that `@chatkit-session/server/fetch` runs unchanged in an edge runtime: the entry is
// bundled as an edge bundler would (edge-light / worker / browser conditions, no Node built-ins),
// then evaluated in Vercel's EdgeVM, which has the Web APIs an edge function gets (fetch,
// Request, Response, Web Crypto) and nothing of Node (no process, require, Buffer). The SDK in
// the VM reaches an emulator on 127.0.0.1 with the VM's own fetch.

let bundle: string
let emulator: Awaited<ReturnType<typeof startChatKitEmulator>>

beforeAll(async () => {
  emulator = await startChatKitEmulator({ lifetimeSeconds: 120 })
  bundle = await bundleForEdge(
    `
      import OpenAI from 'openai'
      import * as handlers from '@chatkit-session/server/fetch'
      globalThis.edge = { OpenAI, ...handlers }
    `,
    fileURLToPath(new URL('../..', import.meta.url)),
  )
}, 60_000)

afterAll(() => emulator?.stop())

/**
 * Runs `body` (an async function's body, with `edge` and `emulatorURL` in scope) in a fresh
 * EdgeVM. Its `process` is `{ env }` only, as in Next.js's and Vercel's edge runtime: the
 * openai SDK (6.49.0) reads `process.version` whenever the `EdgeRuntime` global is defined, and
 * throws in a bare EdgeVM, which has no `process` at all.
 */
async function inEdge<T>(body: string): Promise<T> {
  const vm = new EdgeVM({ extend: (context) => Object.assign(context, { process: { env: {} } }) })
  vm.evaluate(bundle)
  return (await vm.evaluate(`(async (emulatorURL) => { ${body} })(${JSON.stringify(emulator.baseURL)})`)) as T
}

const POST = `{ method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://edge.example', 'x-user': 'user_edge' }, body: '{}' }`

describe('@chatkit-session/server/fetch in an edge runtime (EdgeVM)', () => {
  it('is bundled without server-only and without Node built-ins', () => {
    expect(bundle.length).toBeGreaterThan(0)
    expect(bundle).not.toContain('cannot be imported from a Client Component module')
    expect(bundle).not.toMatch(/require\(["']node:/)
  })

  it('runs where Node is absent: no require, Buffer or process beyond env; Web APIs only', async () => {
    const globals = await inEdge<string[]>(
      `return [typeof require, typeof Buffer, Object.keys(process).join(), typeof EdgeRuntime, typeof crypto.subtle, typeof Request]`,
    )
    expect(globals).toEqual(['undefined', 'undefined', 'env', 'string', 'object', 'function'])
  })

  it('creates a hosted session through the openai SDK, and cancels it with its handle (HMAC in Web Crypto)', async () => {
    const answers = await inEdge<
      {
        status: number
        cache: string | null
        body: { ok: boolean; session?: { id: string; status: string } }
      }[]
    >(`
      const client = new edge.OpenAI({ apiKey: 'sk-edge-test', baseURL: emulatorURL, maxRetries: 0 })
      const getUser = (request) => request.headers.get('x-user')
      const cancelSecret = 'an-edge-cancel-secret-of-32-bytes!!'
      const create = edge.createChatKitSessionHandler({ client, getUser, workflow: { id: 'wf_edge' }, cancelSecret })
      const cancel = edge.createChatKitCancelHandler({ client, getUser, cancelSecret })
      const read = async (response) => ({ status: response.status, cache: response.headers.get('cache-control'), body: await response.json() })
      const created = await read(await create(new Request('https://edge.example/api/session', ${POST})))
      const init = ${POST}
      init.body = JSON.stringify({ sessionId: created.body.session.id, cancelHandle: created.body.session.cancel_handle })
      const cancelled = await read(await cancel(new Request('https://edge.example/api/cancel', init)))
      return [created, cancelled]
    `)
    const [created, cancelled] = answers
    expect(created).toMatchObject({ status: 200, cache: 'no-store', body: { ok: true } })
    const id = created?.body.session?.id ?? ''
    expect(emulator.getSession(id)?.user).toBe('user_edge')
    expect(cancelled).toMatchObject({ status: 200, body: { ok: true, session: { status: 'cancelled' } } })
    expect(emulator.getSession(id)?.status).toBe('cancelled')
  })

  it('signs a token with Web Crypto, and refuses a cross-site POST', async () => {
    const [minted, crossSite] = await inEdge<
      {
        status: number
        body: { ok: boolean; session?: { client_secret: string }; error?: { code: string } }
      }[]
    >(`
      const mint = edge.createChatKitTokenHandler({
        secret: 'an-edge-runtime-secret-of-32-bytes!!',
        audience: 'chatkit-server',
        getUser: (request) => request.headers.get('x-user'),
      })
      const read = async (response) => ({ status: response.status, body: await response.json() })
      const init = ${POST}
      const minted = await read(await mint(new Request('https://edge.example/api/token', init)))
      init.headers.origin = 'https://evil.example'
      const crossSite = await read(await mint(new Request('https://edge.example/api/token', init)))
      return [minted, crossSite]
    `)
    expect(minted?.status).toBe(200)
    expect(minted?.body.session?.client_secret.split('.')).toHaveLength(3)
    expect(crossSite).toEqual({
      status: 403,
      body: { ok: false, error: expect.objectContaining({ code: 'forbidden' }) },
    })
  })
})
