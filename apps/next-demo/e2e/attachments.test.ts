import { crc32, deflateSync } from 'node:zlib'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { launchBrowser, type TestBrowser } from './browser'
import { messages, openChat, send, threadIdOf } from './chatPage'
import { axeViolations } from './demoPage'
import { allServerOutput, demoSecrets, startNextServer, stopAllServers, type NextServer } from './nextServer'

// The attach button of the self-hosted chat: a file goes to our ChatKit server as ChatKit's
// direct upload does (multipart, with the token), is kept in the demo's PGlite database, and
// the message that carries it shows it; a type the server refuses shows the refusal.

let chrome: TestBrowser
let server: NextServer
const secrets = demoSecrets('attachments')

beforeAll(async () => {
  ;[chrome, server] = await Promise.all([launchBrowser(), startNextServer(secrets)])
})

afterAll(async () => {
  await chrome?.close()
  await stopAllServers()
})

test('attach a text file, send it with a message; an HTML file is refused', async () => {
  const page = await chrome.openPage(`${server.origin}/`)
  await openChat(page, `${server.origin}/`)

  await page.setInputFiles('[data-testid="attach"]', {
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('a note for the assistant\n'),
  })
  await page.waitForSelector('[data-testid="attached"] >> text=notes.txt')
  await send(page, 'Here is my note')
  const shown = await messages(page)
  expect(shown[0]).toEqual({ role: 'user', text: 'Here is my note [notes.txt]' })
  expect(shown[1]?.text).toMatch(/^You sent notes\.txt \(text\/plain, 25 bytes\)\./)
  // The chips are gone once sent.
  expect(await page.$('[data-testid="attached"]')).toBeNull()

  await page.setInputFiles('[data-testid="attach"]', {
    name: 'page.html',
    mimeType: 'text/html',
    buffer: Buffer.from('<script>alert(1)</script>'),
  })
  const error = await page.waitForSelector('[data-testid="chat-error"]')
  expect(await error.textContent()).toContain('The upload was refused (415)')
  // Its page stops polling the server, which the next test restarts.
  await page.close()
})

/** A real PNG of `width` × `height` grey pixels. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 0, 0, 0, 0], 8) // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height, 0x80)
  for (let row = 0; row < height; row++) rows[row * (width + 1)] = 0 // filter: none
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** Drops a file on the composer, as a person dragging it from their desktop does. */
async function dropFile(page: Page, name: string, type: string, bytes: Buffer) {
  const transfer = await page.evaluateHandle(
    ({ name, type, base64 }) => {
      const data = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
      const dropped = new DataTransfer()
      dropped.items.add(new File([data], name, { type }))
      return dropped
    },
    { name, type, base64: bytes.toString('base64') },
  )
  await page.dispatchEvent('[data-testid="composer-form"]', 'dragover', { dataTransfer: transfer })
  await page.dispatchEvent('[data-testid="composer-form"]', 'drop', { dataTransfer: transfer })
}

/** Whether the message's thumbnail has loaded an image of the file's size from its preview link. */
const thumbnailSize = (page: Page) =>
  page.$eval('[data-testid="message-thumbnail"]', async (image) => {
    const img = image as HTMLImageElement
    if (!img.complete) await new Promise((resolve) => img.addEventListener('load', resolve, { once: true }))
    return { alt: img.alt, width: img.naturalWidth, height: img.naturalHeight }
  })

test('drop an image, send it: its thumbnail and the answer naming it stay after a reload and a restart', async () => {
  // The first test's refused upload is its own problem: only this test's count here.
  const problemsBefore = chrome.problems.length
  const page = await chrome.openPage(`${server.origin}/`)
  await openChat(page, `${server.origin}/`)
  const image = png(6, 4)
  await dropFile(page, 'dot.png', 'image/png', image)
  await page.waitForSelector('[data-testid="attached"] >> text=dot.png')
  await send(page, 'What is in this picture?')
  const answer = `You sent dot.png (image/png, ${image.length} bytes, 6×4 pixels). The demo keeps it in its database: reload and it is still here.`
  const expected = [
    { role: 'user', text: 'What is in this picture? [dot.png]' },
    { role: 'assistant', text: answer },
  ]
  expect(await messages(page)).toEqual(expected)
  expect(await thumbnailSize(page)).toEqual({ alt: 'dot.png', width: 6, height: 4 })
  expect(await axeViolations(page)).toEqual([])
  const threadId = threadIdOf(page)

  await page.reload()
  await page.waitForSelector('[data-testid="message-thumbnail"]')
  expect(await messages(page)).toEqual(expected)
  expect(await thumbnailSize(page)).toEqual({ alt: 'dot.png', width: 6, height: 4 })

  // A new server process on the same data folder: the file is in its database, and the thread
  // comes back with a freshly signed preview link.
  await page.goto('about:blank')
  await server.stop()
  server = await startNextServer(secrets)
  await openChat(page, `${server.origin}/?thread=${threadId}`)
  await page.waitForSelector('[data-testid="message-thumbnail"]')
  expect(await messages(page)).toEqual(expected)
  expect(await thumbnailSize(page)).toEqual({ alt: 'dot.png', width: 6, height: 4 })
  expect(chrome.problems.slice(problemsBefore), `server output:\n${allServerOutput()}`).toEqual([])
})
