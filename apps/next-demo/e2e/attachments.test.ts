import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { launchBrowser, type TestBrowser } from './browser'
import { messages, openChat, send } from './chatPage'
import { startNextServer, stopAllServers, type NextServer } from './nextServer'

// The attach button of the self-hosted chat: a file goes to our ChatKit server as ChatKit's
// direct upload does (multipart, with the token), is kept in the demo's PGlite database, and
// the message that carries it shows it; a type the server refuses shows the refusal.

let chrome: TestBrowser
let server: NextServer

beforeAll(async () => {
  ;[chrome, server] = await Promise.all([
    launchBrowser(),
    startNextServer({
      CHATKIT_TOKEN_SECRET: randomBytes(32).toString('base64'),
      DEMO_COOKIE_SECRET: randomBytes(32).toString('base64'),
      CHATKIT_DATA_DIR: mkdtempSync(join(tmpdir(), 'next-demo-attachments-')),
    }),
  ])
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
  // The chips are gone once sent.
  expect(await page.$('[data-testid="attached"]')).toBeNull()

  await page.setInputFiles('[data-testid="attach"]', {
    name: 'page.html',
    mimeType: 'text/html',
    buffer: Buffer.from('<script>alert(1)</script>'),
  })
  const error = await page.waitForSelector('[data-testid="chat-error"]')
  expect(await error.textContent()).toContain('The upload was refused (415)')
})
