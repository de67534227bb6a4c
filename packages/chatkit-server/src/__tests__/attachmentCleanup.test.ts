import { PGlite } from '@electric-sql/pglite'
import { afterAll, describe, expect, it } from 'vitest'
import type { AttachmentFileStore } from '../attachmentFileStore.ts'
import { createChatKitAttachments } from '../createChatKitAttachments.ts'
import { createChatKitServer } from '../createChatKitServer.ts'
import { createMemoryAttachmentStore } from '../createMemoryAttachmentStore.ts'
import { createPostgresAttachmentStore } from '../createPostgresAttachmentStore.ts'
import { createPostgresStore } from '../createPostgresStore.ts'
import { NotFoundError, type Store } from '../store.ts'
import { ALICE, NOW, eventsOf, jsonOf, testStore, type TestContext } from './harness.ts'

const HOUR = 3_600_000
const pgl = new PGlite()
afterAll(() => pgl.close())
let schemas = 0

/** A server with attachments on `store` and `files`, and a clock the test moves. */
function setup(store: Store<TestContext>, files: AttachmentFileStore<TestContext>) {
  let now = Date.parse(NOW)
  const attachments = createChatKitAttachments<TestContext>({
    store,
    files,
    secret: 'cleanup-test-secret-0123456789abcdef0123',
    url: 'https://app.example/api/chatkit',
    unsentTtlMs: 2 * HOUR,
    now: () => new Date(now),
  })
  const server = createChatKitServer<TestContext>({
    store: attachments.store,
    attachmentStore: attachments,
    respond: async function* () {},
    now: () => new Date(now),
  })
  const uploadText = async (text: string) => {
    const form = new FormData()
    form.append('file', new Blob([text], { type: 'text/plain' }), 'notes.txt')
    const answer = await attachments.upload(
      new Request('https://app.example/api/chatkit', { method: 'POST', body: form }),
      ALICE,
    )
    if (answer.type !== 'json') throw new Error(`upload refused: ${JSON.stringify(answer)}`)
    return (JSON.parse(answer.body) as { id: string }).id
  }
  const send = async (ids: string[]) => {
    const events = await eventsOf(
      await server.process(
        {
          type: 'threads.create',
          params: {
            input: { content: [{ type: 'input_text', text: 'hi' }], attachments: ids, inference_options: {} },
          },
        },
        ALICE,
      ),
    )
    const created = events.find((event) => event.type === 'thread.created') as { thread: { id: string } }
    return created.thread.id
  }
  const exists = async (id: string) => {
    try {
      await files.loadFile(id, ALICE)
      await store.loadAttachment(id, ALICE)
      return true
    } catch (error) {
      if (error instanceof NotFoundError) return false
      throw error
    }
  }
  return { attachments, server, uploadText, send, exists, advance: (ms: number) => (now += ms) }
}

const stores: [string, () => { store: Store<TestContext>; files: AttachmentFileStore<TestContext> }][] = [
  ['memory', () => ({ store: testStore(), files: createMemoryAttachmentStore<TestContext>() })],
  [
    'PGlite',
    () => {
      const schema = `cleanup_${schemas++}`
      return {
        store: createPostgresStore<TestContext>({ db: pgl, schema }),
        files: createPostgresAttachmentStore<TestContext>({ db: pgl, schema }),
      }
    },
  ],
]

describe.each(stores)('attachment cleanup on %s', (_name, make) => {
  it('an upload never sent is deleted once unsentTtlMs has passed; a sent one stays', async () => {
    const { store, files } = make()
    const { attachments, uploadText, send, exists, advance } = setup(store, files)
    const unsent = await uploadText('never sent')
    const sent = await uploadText('sent')
    await send([sent])
    advance(2 * HOUR - 1)
    expect(await attachments.deleteUnsent()).toBe(0)
    expect(await exists(unsent)).toBe(true)
    advance(2)
    expect(await attachments.deleteUnsent()).toBe(1)
    expect(await exists(unsent)).toBe(false)
    expect(await exists(sent)).toBe(true)
  })

  it('a swept upload can no longer be sent in a message (404 naming the field)', async () => {
    const { store, files } = make()
    const { attachments, server, uploadText, advance } = setup(store, files)
    const id = await uploadText('late')
    advance(3 * HOUR)
    await attachments.deleteUnsent()
    const result = await server.process(
      {
        type: 'threads.create',
        params: {
          input: { content: [{ type: 'input_text', text: 'hi' }], attachments: [id], inference_options: {} },
        },
      },
      ALICE,
    )
    expect(result).toMatchObject({
      type: 'error',
      status: 404,
      error: { path: 'params.input.attachments.0' },
    })
  })

  it("deleting a thread deletes its attachments' files and records, and no other thread's", async () => {
    const { store, files } = make()
    const { server, uploadText, send, exists } = setup(store, files)
    const first = await uploadText('one')
    const second = await uploadText('two')
    const other = await uploadText('three')
    const threadId = await send([first, second])
    await send([other])
    expect((await files.loadFile(first, ALICE)).thread_id).toBe(threadId)
    expect(
      jsonOf(await server.process({ type: 'threads.delete', params: { thread_id: threadId } }, ALICE)),
    ).toEqual({})
    expect(await exists(first)).toBe(false)
    expect(await exists(second)).toBe(false)
    expect(await exists(other)).toBe(true)
  })
})
