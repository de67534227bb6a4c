import { EdgeVM } from '@edge-runtime/vm'
import { fileURLToPath } from 'node:url'
import { beforeAll, expect, it } from 'vitest'
import { bundleForEdge } from '../../../../scripts/edgeBundle.ts'

// `@chatkit-session/chatkit-server/attachments` runs unchanged in an edge runtime: bundled as an
// edge bundler would (no Node built-ins), then an upload, its preview and a refused type are
// answered inside Vercel's EdgeVM (Web Crypto for the signed link, FormData for the body).

let bundle: string

beforeAll(async () => {
  bundle = await bundleForEdge(
    `
      import { createChatKitServer, createMemoryStore } from '@chatkit-session/chatkit-server'
      import { createChatKitAttachments, createMemoryAttachmentStore } from '@chatkit-session/chatkit-server/attachments'
      import { createChatKitHandler } from '@chatkit-session/chatkit-server/fetch'
      globalThis.edge = { createChatKitServer, createMemoryStore, createChatKitAttachments, createMemoryAttachmentStore, createChatKitHandler }
    `,
    fileURLToPath(new URL('../../../server/src', import.meta.url)),
  )
}, 60_000)

it('uploads, previews and refuses in an edge runtime, bundled without Node built-ins', async () => {
  expect(bundle).not.toMatch(/require\(["']node:/)
  const vm = new EdgeVM({ extend: (context) => Object.assign(context, { process: { env: {} } }) })
  vm.evaluate(bundle)
  const answers = (await vm.evaluate(`(async () => {
    const store = edge.createMemoryStore()
    const attachments = edge.createChatKitAttachments({
      store,
      files: edge.createMemoryAttachmentStore(),
      secret: 'an-edge-runtime-attachment-secret-32b!!',
      url: 'https://edge.example/api/chatkit',
    })
    const server = edge.createChatKitServer({ store: attachments.store, attachmentStore: attachments, respond: async function* () {} })
    const handler = edge.createChatKitHandler({ server, attachments, getContext: () => ({ userId: 'user_edge' }) })
    const upload = async (bytes, type) => {
      const form = new FormData()
      form.append('file', new Blob([bytes], { type }), 'a.png')
      const response = await handler(new Request('https://edge.example/api/chatkit', { method: 'POST', body: form }))
      return { status: response.status, body: await response.json() }
    }
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])
    const ok = await upload(png, 'image/png')
    const preview = await handler(new Request(ok.body.preview_url))
    const refused = await upload('<svg/>', 'image/svg+xml')
    return [ok.status, ok.body.type, preview.status, preview.headers.get('content-type'), Array.from(new Uint8Array(await preview.arrayBuffer())), refused.status]
  })()`)) as unknown[]
  expect(answers).toEqual([
    200,
    'image',
    200,
    'image/png',
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4],
    415,
  ])
})
