import { serve, type ServerType } from '@hono/node-server'
import { createMemoryLimitStore } from '@chatkit-session/server/fetch'
import { Hono } from 'hono'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AttachmentFileStore } from '../attachmentFileStore.ts'
import {
  createChatKitAttachments,
  type ChatKitAttachments,
  type CreateChatKitAttachmentsOptions,
} from '../createChatKitAttachments.ts'
import { createChatKitHandler, type ChatKitHandler } from '../createChatKitHandler.ts'
import { createChatKitServer } from '../createChatKitServer.ts'
import { createFileAttachmentStore } from '../createFileAttachmentStore.ts'
import { createMemoryAttachmentStore } from '../createMemoryAttachmentStore.ts'
import { NotFoundError, type Store } from '../store.ts'
import { NOW, testStore, type TestContext } from './harness.ts'
import { AUDIENCE, SECRET, mintToken } from './handlerSetup.ts'

const PREVIEW_SECRET = 'preview-secret-of-the-attachment-tests-0123456789'
const KiB = 1024

/** A PNG signature and then `size - 8` bytes of a pattern: what the type check reads. */
export function png(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size)
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  for (let i = 8; i < size; i++) bytes[i] = (i * 13) & 0xff
  return bytes
}
const pdf = (text = 'a PDF'): Uint8Array<ArrayBuffer> =>
  new TextEncoder().encode(`%PDF-1.7\n${text}\n%%EOF\n`)
const SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
const HTML = '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>'

let http: ServerType
let origin: string
let handler: ChatKitHandler
/** Bytes of request bodies the handler pulled, in this test. */
let bytesRead = 0

/** The request with a body that counts what the handler reads, and reads nothing ahead. */
function counted(request: Request): Request {
  const source = request.body
  if (!source) return request
  const reader = source.getReader()
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await reader.read()
        if (next.done) return controller.close()
        bytesRead += next.value.byteLength
        controller.enqueue(next.value)
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  )
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body,
    signal: request.signal,
    duplex: 'half',
  } as RequestInit)
}

beforeAll(async () => {
  const app = new Hono()
  app.all('/api/chatkit', (c) => handler(counted(c.req.raw)))
  await new Promise<void>((resolve) => {
    http = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve())
  })
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
})

const folders: string[] = []
afterAll(async () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
  await new Promise<void>((resolve) => http.close(() => resolve()))
})

let aliceToken: string
let bobToken: string
beforeAll(async () => {
  aliceToken = await mintToken('alice')
  bobToken = await mintToken('bob')
})

interface Mounted {
  attachments: ChatKitAttachments<TestContext>
  files: AttachmentFileStore<TestContext>
  store: Store<TestContext>
  /** Moves the attachments' clock forward. */
  advance: (ms: number) => void
}

function mount(
  options: {
    types?: Record<string, number>
    files?: AttachmentFileStore<TestContext>
    maxConcurrentUploads?: number
    uploadRateLimit?: CreateChatKitAttachmentsOptions<TestContext>['uploadRateLimit']
  } = {},
): Mounted {
  bytesRead = 0
  const store = testStore()
  const files = options.files ?? createMemoryAttachmentStore<TestContext>()
  let now = Date.parse(NOW)
  const attachments = createChatKitAttachments<TestContext>({
    store,
    files,
    secret: PREVIEW_SECRET,
    url: `${origin}/api/chatkit`,
    now: () => new Date(now),
    ...(options.types ? { types: options.types } : {}),
    ...(options.maxConcurrentUploads ? { maxConcurrentUploads: options.maxConcurrentUploads } : {}),
    ...(options.uploadRateLimit ? { uploadRateLimit: options.uploadRateLimit } : {}),
  })
  const server = createChatKitServer<TestContext>({
    store: attachments.store,
    attachmentStore: attachments,
    respond: async function* () {},
  })
  handler = createChatKitHandler({ server, verify: { secret: SECRET, audience: AUDIENCE }, attachments })
  lastMounted = { attachments, files, store, advance: (ms) => (now += ms) }
  return lastMounted
}

/** Sends a form with one `file` field to `url`, as ChatKit's upload does. */
function upload(
  bytes: Uint8Array<ArrayBuffer> | string,
  type: string,
  name: string,
  init: { token?: string; url?: string; headers?: Record<string, string> } = {},
) {
  const form = new FormData()
  form.append('file', new Blob([bytes], { type }), name)
  return fetch(init.url ?? `${origin}/api/chatkit`, {
    method: 'POST',
    headers: {
      ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
      ...init.headers,
    },
    body: form,
  })
}

/** A streamed multipart POST (no Content-Length) of a form whose type is `contentType`. */
const streamed = (body: ReadableStream<Uint8Array> | null, contentType: string | null, token: string) =>
  ({
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType ?? '' },
    body,
    duplex: 'half',
  }) as RequestInit

const protocol = (body: unknown, token: string) =>
  fetch(`${origin}/api/chatkit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  })

const sendMessage = (attachmentIds: string[], token: string) =>
  protocol(
    {
      type: 'threads.create',
      params: {
        input: {
          content: [{ type: 'input_text', text: 'look' }],
          attachments: attachmentIds,
          inference_options: {},
        },
      },
    },
    token,
  )

interface WireAttachment {
  id: string
  type: 'image' | 'file'
  name: string
  mime_type: string
  preview_url?: string
  upload_descriptor?: { url: string; method: string; headers: Record<string, string> }
}

async function uploaded(response: Response): Promise<WireAttachment> {
  expect(response.status).toBe(200)
  expect(response.headers.get('cache-control')).toBe('no-store')
  return (await response.json()) as WireAttachment
}

async function errorOf(response: Response) {
  const body = (await response.json()) as { error: { code: string } }
  return { status: response.status, code: body.error.code }
}

async function stored(files: AttachmentFileStore<TestContext>, id: string, context: TestContext) {
  try {
    return await files.loadFile(id, context)
  } catch (error) {
    if (error instanceof NotFoundError) return undefined
    throw error
  }
}

describe('uploads: both strategies', () => {
  it('direct: a form with a file field makes an image attachment whose preview shows the bytes', async () => {
    const { files } = mount()
    const bytes = png(40 * KiB)
    const attachment = await uploaded(await upload(bytes, 'image/png', 'cat.png', { token: aliceToken }))
    expect(attachment).toEqual({
      id: expect.stringMatching(/^attachment_\d+$/),
      type: 'image',
      name: 'cat.png',
      mime_type: 'image/png',
      preview_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/chatkit\?preview=/),
    })
    expect(await stored(files, attachment.id, { userId: 'alice' })).toMatchObject({
      size: 40 * KiB,
      uploaded: true,
      thread_id: null,
    })
    const preview = await fetch(attachment.preview_url ?? '')
    expect(preview.status).toBe(200)
    expect(preview.headers.get('content-type')).toBe('image/png')
    expect(preview.headers.get('x-content-type-options')).toBe('nosniff')
    expect(preview.headers.get('content-disposition')).toMatch(/^inline; /)
    expect(preview.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox")
    expect(preview.headers.get('cache-control')).toBe('no-store')
    expect(new Uint8Array(await preview.arrayBuffer())).toEqual(bytes)
  })

  it('two-phase: attachments.create answers an upload_url of ours; the bytes posted there complete it', async () => {
    const { files } = mount()
    const created = await protocol(
      {
        type: 'attachments.create',
        params: { name: 'report.pdf', size: pdf().byteLength, mime_type: 'application/pdf' },
      },
      aliceToken,
    )
    const attachment = (await created.json()) as WireAttachment
    expect(attachment).toEqual({
      id: expect.any(String),
      type: 'file',
      name: 'report.pdf',
      mime_type: 'application/pdf',
      upload_descriptor: {
        url: `${origin}/api/chatkit?upload=${attachment.id}`,
        method: 'POST',
        headers: {},
      },
    })
    expect((await stored(files, attachment.id, { userId: 'alice' }))?.uploaded).toBe(false)
    const done = await uploaded(
      await upload(pdf(), 'application/pdf', 'report.pdf', {
        token: aliceToken,
        url: attachment.upload_descriptor?.url ?? '',
      }),
    )
    expect(done).toEqual({
      id: attachment.id,
      type: 'file',
      name: 'report.pdf',
      mime_type: 'application/pdf',
    })
    expect((await stored(files, attachment.id, { userId: 'alice' }))?.uploaded).toBe(true)
    // The message carries it; the thread's items show it without its upload descriptor.
    const events = await (await sendMessage([attachment.id], aliceToken)).text()
    expect(events).toContain(`"attachments":[{"id":"${attachment.id}","name":"report.pdf"`)
    expect(events).not.toContain('upload_descriptor')
    // A second upload of the same bytes is refused.
    const again = await upload(pdf(), 'application/pdf', 'report.pdf', {
      token: aliceToken,
      url: attachment.upload_descriptor?.url ?? '',
    })
    expect(await errorOf(again)).toEqual({ status: 400, code: 'invalid_request' })
  })

  it('attachments.delete by its owner deletes the bytes and the record: the preview link stops working', async () => {
    const { files } = mount()
    const attachment = await uploaded(await upload(png(100), 'image/png', 'a.png', { token: aliceToken }))
    const deleted = await protocol(
      { type: 'attachments.delete', params: { attachment_id: attachment.id } },
      aliceToken,
    )
    expect(deleted.status).toBe(200)
    expect(await stored(files, attachment.id, { userId: 'alice' })).toBeUndefined()
    expect(await errorOf(await fetch(attachment.preview_url ?? ''))).toEqual({
      status: 404,
      code: 'not_found',
    })
    expect((await sendMessage([attachment.id], aliceToken)).status).toBe(404)
  })

  it('two-phase: attachments.create refuses a type not allowed and a size over the limit', async () => {
    mount({ types: { 'image/png': 100 } })
    const create = (params: unknown) => protocol({ type: 'attachments.create', params }, aliceToken)
    const html = await create({ name: 'x.html', size: 10, mime_type: 'text/html' })
    expect(html.status).toBe(400)
    expect(((await html.json()) as { error: { path: string } }).error.path).toBe('params.mime_type')
    const big = await create({ name: 'x.png', size: 101, mime_type: 'image/png' })
    expect(((await big.json()) as { error: { path: string } }).error.path).toBe('params.size')
  })

  it('an upload needs the token and a same-origin page, as every POST does', async () => {
    mount()
    expect(await errorOf(await upload(png(100), 'image/png', 'a.png'))).toEqual({
      status: 401,
      code: 'missing',
    })
    const crossSite = await upload(png(100), 'image/png', 'a.png', {
      token: aliceToken,
      headers: { origin: 'https://evil.example' },
    })
    expect(await errorOf(crossSite)).toEqual({ status: 403, code: 'forbidden' })
    expect(bytesRead).toBe(0)
  })
})

describe('limits and safety', () => {
  it('over the size limit: 413, and the handler stops reading at the limit', async () => {
    const { files } = mount({ types: { 'image/png': 256 * KiB } })
    // No Content-Length (a streamed body), so only the bytes can tell.
    const form = new FormData()
    form.append('file', new Blob([png(4096 * KiB)], { type: 'image/png' }), 'big.png')
    const multipart = new Response(form)
    const response = await fetch(
      `${origin}/api/chatkit`,
      streamed(multipart.body, multipart.headers.get('content-type'), aliceToken),
    )
    expect(await errorOf(response)).toEqual({ status: 413, code: 'payload_too_large' })
    // At most the limit plus one chunk of the socket and the form's framing.
    expect(bytesRead).toBeLessThan(256 * KiB + 128 * KiB)
    expect(bytesRead).toBeGreaterThan(256 * KiB)
    expect((await files.deleteUnsentFiles(new Date('2100-01-01'))).length).toBe(0)
  })

  it('a Content-Length past every limit is refused before a byte is read', async () => {
    mount({ types: { 'image/png': 256 * KiB } })
    const response = await upload(png(1024 * KiB), 'image/png', 'big.png', { token: aliceToken })
    expect(await errorOf(response)).toEqual({ status: 413, code: 'payload_too_large' })
    expect(bytesRead).toBe(0)
  })

  it('a declared type that the bytes contradict is refused (PDF bytes as image/png)', async () => {
    const { files } = mount()
    const response = await upload(pdf(), 'image/png', 'cat.png', { token: aliceToken })
    expect(await errorOf(response)).toEqual({ status: 415, code: 'unsupported_media_type' })
    expect((await files.deleteUnsentFiles(new Date('2100-01-01'))).length).toBe(0)
  })

  it('an SVG with a script is refused, as image/svg+xml and disguised as image/png', async () => {
    mount()
    expect(await errorOf(await upload(SVG, 'image/svg+xml', 'x.svg', { token: aliceToken }))).toEqual({
      status: 415,
      code: 'unsupported_media_type',
    })
    expect(await errorOf(await upload(SVG, 'image/png', 'x.png', { token: aliceToken }))).toEqual({
      status: 415,
      code: 'unsupported_media_type',
    })
  })

  it('an SVG the app allows is a file, downloaded and never rendered in our origin', async () => {
    mount({ types: { 'image/svg+xml': 64 * KiB } })
    const attachment = await uploaded(await upload(SVG, 'image/svg+xml', 'x.svg', { token: aliceToken }))
    expect(attachment.type).toBe('file')
    expect(attachment.preview_url).toBeUndefined()
    const link = await mountedAttachmentsPreview(attachment.id)
    const preview = await fetch(link)
    expect(preview.headers.get('content-type')).toBe('image/svg+xml')
    expect(preview.headers.get('content-disposition')).toMatch(/^attachment; /)
    expect(preview.headers.get('x-content-type-options')).toBe('nosniff')
    expect(preview.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox")
  })

  it('an HTML file is refused; HTML declared as text/plain is served as text, as a download', async () => {
    mount()
    expect(await errorOf(await upload(HTML, 'text/html', 'x.html', { token: aliceToken }))).toEqual({
      status: 415,
      code: 'unsupported_media_type',
    })
    const attachment = await uploaded(await upload(HTML, 'text/plain', 'x.txt', { token: aliceToken }))
    const preview = await fetch(await mountedAttachmentsPreview(attachment.id))
    expect(preview.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(preview.headers.get('content-disposition')).toMatch(/^attachment; /)
    expect(preview.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await preview.text()).toBe(HTML)
  })

  it('a name with ../ is kept as a name: nothing on disk is named after it', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'chatkit-upload-'))
    folders.push(directory)
    const files = createFileAttachmentStore<TestContext>({ directory: join(directory, 'files') })
    mount({ files })
    const name = '../../../etc/passwd.png'
    const attachment = await uploaded(await upload(png(100), 'image/png', name, { token: aliceToken }))
    expect(attachment.name).toBe(name)
    expect(readdirSync(directory)).toEqual(['files'])
    const [folder] = readdirSync(join(directory, 'files'))
    expect(
      readdirSync(join(directory, 'files', folder ?? '')).every((f) => /^[0-9a-f]{64}\.(bin|json)$/.test(f)),
    ).toBe(true)
    const preview = await fetch(attachment.preview_url ?? '')
    expect(preview.headers.get('content-disposition')).toBe(
      `inline; filename="../../../etc/passwd.png"; filename*=UTF-8''..%2F..%2F..%2Fetc%2Fpasswd.png`,
    )
  })

  it("another user's attachment: missing in a message, in a preview link and in a delete", async () => {
    const { files } = mount()
    const alices = await uploaded(await upload(png(100), 'image/png', 'a.png', { token: aliceToken }))
    const bobs = await uploaded(await upload(png(100), 'image/png', 'b.png', { token: bobToken }))
    // In a message.
    const message = await sendMessage([alices.id], bobToken)
    expect(message.status).toBe(404)
    expect(((await message.json()) as { error: { path: string } }).error.path).toBe(
      'params.input.attachments.0',
    )
    // In a preview link: his own link with her id, or with her name as owner.
    const link = new URL(bobs.preview_url ?? '')
    link.searchParams.set('preview', alices.id)
    expect(await errorOf(await fetch(link))).toEqual({ status: 404, code: 'not_found' })
    const owner = new URL(bobs.preview_url ?? '')
    owner.searchParams.set('owner', 'alice')
    owner.searchParams.set('preview', alices.id)
    expect(await errorOf(await fetch(owner))).toEqual({ status: 404, code: 'not_found' })
    // In a delete; and in a two-phase upload URL.
    const deleted = await protocol(
      { type: 'attachments.delete', params: { attachment_id: alices.id } },
      bobToken,
    )
    expect(deleted.status).toBe(404)
    const into = await upload(png(100), 'image/png', 'x.png', {
      token: bobToken,
      url: `${origin}/api/chatkit?upload=${alices.id}`,
    })
    expect(await errorOf(into)).toEqual({ status: 404, code: 'not_found' })
    expect((await stored(files, alices.id, { userId: 'alice' }))?.uploaded).toBe(true)
    expect((await fetch(alices.preview_url ?? '')).status).toBe(200)
  })

  it('an expired preview link answers 410; a forged one 404', async () => {
    const { advance } = mount()
    const attachment = await uploaded(await upload(png(100), 'image/png', 'a.png', { token: aliceToken }))
    const link = attachment.preview_url ?? ''
    advance(3_600_000 + 1000)
    expect(await errorOf(await fetch(link))).toEqual({ status: 410, code: 'expired' })
    const forged = new URL(link)
    forged.searchParams.set('expires', String(Number(forged.searchParams.get('expires')) + 7200))
    expect(await errorOf(await fetch(forged))).toEqual({ status: 404, code: 'not_found' })
  })

  it("uploadRateLimit: a LimitStore caps one user's uploads across processes; others are not affected", async () => {
    let now = 0
    const store = createMemoryLimitStore({ now: () => now })
    mount({ uploadRateLimit: { store, limit: 3, windowMs: 60_000 } })
    const statuses: number[] = []
    for (let i = 0; i < 4; i++)
      statuses.push((await upload(png(100), 'image/png', 'a.png', { token: aliceToken })).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    const refused = await upload(png(100), 'image/png', 'a.png', { token: aliceToken })
    expect(refused.headers.get('retry-after')).toBe('20')
    expect((await upload(png(100), 'image/png', 'b.png', { token: bobToken })).status).toBe(200)
    now += 20_000
    expect((await upload(png(100), 'image/png', 'a.png', { token: aliceToken })).status).toBe(200)
  })

  it('a client that goes away mid-upload leaves no record behind (in process: a body that errors)', async () => {
    const { files } = mount()
    const form = new Response(
      (() => {
        const f = new FormData()
        f.append('file', new Blob([png(64 * KiB)], { type: 'image/png' }), 'a.png')
        return f
      })(),
    )
    const reader = (form.body as ReadableStream<Uint8Array>).getReader()
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent++ > 0) return controller.error(new Error('the client went away'))
        const next = await reader.read()
        if (next.value) controller.enqueue(next.value.subarray(0, 2000))
      },
    })
    const response = await handler(
      new Request(`${origin}/api/chatkit`, streamed(body, form.headers.get('content-type'), aliceToken)),
    )
    expect(response.status).toBe(500)
    expect(await files.deleteUnsentFiles(new Date('2100-01-01'))).toEqual([])
  })

  it('a preview loads as an <img> from any frame, but a CORS read only from an allowed origin', async () => {
    mount()
    const attachment = await uploaded(await upload(png(100), 'image/png', 'a.png', { token: aliceToken }))
    const link = attachment.preview_url ?? ''
    const inFrame = await fetch(link, {
      headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-dest': 'image' },
    })
    expect(inFrame.status).toBe(200)
    const corsRead = await fetch(link, { headers: { origin: 'https://evil.example' } })
    expect(await errorOf(corsRead)).toEqual({ status: 403, code: 'forbidden' })
    const plainGet = await fetch(`${origin}/api/chatkit`)
    expect(plainGet.status).toBe(405)
    expect(plainGet.headers.get('allow')).toBe('GET, POST')
  })

  it('50 uploads at once from one user: 4 run, 46 are answered 429 without being read', async () => {
    mount()
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    const started = Array.from({ length: 50 }, () => {
      const form = new FormData()
      form.append('file', new Blob([png(8 * KiB)], { type: 'image/png' }), 'a.png')
      const multipart = new Response(form)
      const reader = (multipart.body as ReadableStream<Uint8Array>).getReader()
      let first = true
      // The first chunk goes at once; the rest waits for release, so every upload overlaps.
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (!first) await held
          first = false
          const next = await reader.read()
          if (next.done) controller.close()
          else controller.enqueue(next.value)
        },
      })
      return fetch(`${origin}/api/chatkit`, streamed(body, multipart.headers.get('content-type'), aliceToken))
    })
    const answers: number[] = []
    const pending = started.map(async (response) => {
      const status = (await response).status
      answers.push(status)
      if (answers.filter((s) => s === 429).length === 46) release()
      return status
    })
    const statuses = await Promise.all(pending)
    expect(statuses.filter((s) => s === 429)).toHaveLength(46)
    expect(statuses.filter((s) => s === 200)).toHaveLength(4)
  })
})

/** A fresh preview link of the mounted attachments (also for files, which carry none). */
let lastMounted: Mounted | undefined
function mountedAttachmentsPreview(id: string): Promise<string> {
  if (!lastMounted) throw new Error('mount first')
  return lastMounted.attachments.previewUrl(id, { userId: 'alice' })
}
