import { beforeEach, describe, expect, it } from 'vitest'
import { AttachmentFileError, type AttachmentFile, type AttachmentFileStore } from '../attachmentFileStore.ts'
import { MissingOwnerError, NotFoundError } from '../store.ts'

/** The context the suite's stores scope by: the default owner key is `userId`. */
export interface AttachmentConformanceContext {
  userId: string
}

const alice: AttachmentConformanceContext = { userId: 'alice' }
const bob: AttachmentConformanceContext = { userId: 'bob' }

const file = (id: string, created_at = '2026-01-01T00:00:00.000Z', name = `${id}.png`): AttachmentFile => ({
  id,
  name,
  mime_type: 'image/png',
  size: 10,
  thread_id: null,
  created_at,
  uploaded: false,
})

/** `total` bytes of a pattern, cut into chunks of the given sizes (cycled). */
function bytes(total: number, seed = 7): Uint8Array {
  const out = new Uint8Array(total)
  for (let i = 0; i < total; i++) out[i] = (i * 31 + seed) & 0xff
  return out
}

function streamOf(
  data: Uint8Array,
  sizes: number[] = [1000, 65_536, 3, 100_000],
): ReadableStream<Uint8Array> {
  let offset = 0
  let turn = 0
  return new ReadableStream({
    pull(controller) {
      if (offset >= data.byteLength) return controller.close()
      const size = sizes[turn++ % sizes.length] ?? 1
      controller.enqueue(data.slice(offset, offset + size))
      offset += size
    },
  })
}

/** A body that gives `before` bytes, then errors. */
function failingStream(before: number): ReadableStream<Uint8Array> {
  let sent = false
  return new ReadableStream({
    pull(controller) {
      if (sent) return controller.error(new Error('the client went away'))
      sent = true
      controller.enqueue(bytes(before))
    },
  })
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(body).arrayBuffer())
}

async function codeOf(call: () => Promise<unknown>): Promise<string> {
  try {
    await call()
    return 'ok'
  } catch (error) {
    if (error instanceof NotFoundError) return 'not_found'
    if (error instanceof AttachmentFileError) return error.code
    throw error
  }
}

/**
 * The behaviours every {@link AttachmentFileStore} must have, run against one implementation.
 * `makeStore` is called before each test and must give an empty store.
 */
export function describeAttachmentStoreConformance(
  name: string,
  makeStore: () =>
    | AttachmentFileStore<AttachmentConformanceContext>
    | Promise<AttachmentFileStore<AttachmentConformanceContext>>,
): void {
  describe(`AttachmentFileStore conformance: ${name}`, () => {
    let store: AttachmentFileStore<AttachmentConformanceContext>
    beforeEach(async () => {
      store = await makeStore()
    })

    it('records a file before its bytes, then streams them in and back exactly', async () => {
      await store.createFile(file('atc_1'), alice)
      expect(await store.loadFile('atc_1', alice)).toEqual(file('atc_1'))
      expect(await codeOf(() => store.readFile('atc_1', alice))).toBe('not_found')
      const data = bytes(700_001)
      const written = await store.writeFile('atc_1', streamOf(data), alice)
      expect(written).toEqual({ ...file('atc_1'), size: 700_001, uploaded: true })
      expect(await store.loadFile('atc_1', alice)).toEqual(written)
      const read = await store.readFile('atc_1', alice)
      expect(read.file).toEqual(written)
      expect(await readAll(read.body)).toEqual(data)
    })

    it('stores an empty file', async () => {
      await store.createFile(file('atc_empty'), alice)
      await store.writeFile('atc_empty', streamOf(new Uint8Array(0)), alice)
      const read = await store.readFile('atc_empty', alice)
      expect(read.file.size).toBe(0)
      expect((await readAll(read.body)).byteLength).toBe(0)
    })

    it('keeps the name as given, however odd; it is data, not a path', async () => {
      const odd = file('atc_odd', undefined, '../../etc/passwd \u00e9t\u00e9.png')
      await store.createFile(odd, alice)
      expect((await store.loadFile('atc_odd', alice)).name).toBe(odd.name)
    })

    it('refuses a second file with the same id, and a second write of the bytes', async () => {
      await store.createFile(file('atc_1'), alice)
      expect(await codeOf(() => store.createFile(file('atc_1'), alice))).toBe('exists')
      await store.writeFile('atc_1', streamOf(bytes(10)), alice)
      expect(await codeOf(() => store.writeFile('atc_1', streamOf(bytes(20)), alice))).toBe(
        'already_uploaded',
      )
      expect(await readAll((await store.readFile('atc_1', alice)).body)).toEqual(bytes(10))
    })

    it('of two writes at once, one stores its bytes and the other is refused', async () => {
      await store.createFile(file('atc_1'), alice)
      const results = await Promise.all([
        codeOf(() => store.writeFile('atc_1', streamOf(bytes(300_000, 1)), alice)),
        codeOf(() => store.writeFile('atc_1', streamOf(bytes(300_000, 2)), alice)),
      ])
      expect(results.sort()).toEqual(['already_uploaded', 'ok'])
      const stored = await readAll((await store.readFile('atc_1', alice)).body)
      expect([bytes(300_000, 1), bytes(300_000, 2)]).toContainEqual(stored)
    })

    it('keeps nothing of a body that errors, and takes a new write afterwards', async () => {
      await store.createFile(file('atc_1'), alice)
      await expect(store.writeFile('atc_1', failingStream(300_000), alice)).rejects.toThrow(
        'the client went away',
      )
      expect((await store.loadFile('atc_1', alice)).uploaded).toBe(false)
      expect(await codeOf(() => store.readFile('atc_1', alice))).toBe('not_found')
      await store.writeFile('atc_1', streamOf(bytes(5)), alice)
      expect(await readAll((await store.readFile('atc_1', alice)).body)).toEqual(bytes(5))
    })

    it('a missing id: loads and writes throw NotFoundError; thread and delete do nothing', async () => {
      expect(await codeOf(() => store.loadFile('atc_none', alice))).toBe('not_found')
      expect(await codeOf(() => store.readFile('atc_none', alice))).toBe('not_found')
      expect(await codeOf(() => store.writeFile('atc_none', streamOf(bytes(1)), alice))).toBe('not_found')
      await store.setFileThread('atc_none', 'thr_1', alice)
      await store.deleteAttachment('atc_none', alice)
      expect(await codeOf(() => store.loadFile('atc_none', alice))).toBe('not_found')
    })

    it("another user's file reads as missing, and nothing bob does with its id touches it", async () => {
      await store.createFile(file('atc_alice'), alice)
      await store.writeFile('atc_alice', streamOf(bytes(50)), alice)
      for (const call of [
        () => store.loadFile('atc_alice', bob),
        () => store.readFile('atc_alice', bob),
        () => store.writeFile('atc_alice', streamOf(bytes(1)), bob),
      ])
        expect(await codeOf(call)).toBe('not_found')
      await store.setFileThread('atc_alice', 'thr_bob', bob)
      await store.deleteAttachment('atc_alice', bob)
      expect(await store.deleteThreadFiles('thr_bob', bob)).toEqual([])
      // Bob's own file with the same id is his, and hers is unchanged.
      await store.createFile(file('atc_alice', undefined, 'bob.png'), bob)
      expect((await store.loadFile('atc_alice', bob)).name).toBe('bob.png')
      expect(await store.loadFile('atc_alice', alice)).toEqual({
        ...file('atc_alice'),
        size: 50,
        uploaded: true,
      })
      expect(await readAll((await store.readFile('atc_alice', alice)).body)).toEqual(bytes(50))
    })

    it.each([
      ['undefined', undefined],
      ['an object without userId', { user: 'alice' }],
      ['an empty userId', { userId: '' }],
    ])(
      'a context without an owner (%s) is refused with MissingOwnerError, as by every store',
      async (_name, bad) => {
        await store.createFile(file('atc_alice'), alice)
        const context = bad as AttachmentConformanceContext
        for (const call of [
          () => store.createFile(file('atc_new'), context),
          () => store.loadFile('atc_alice', context),
          () => store.readFile('atc_alice', context),
          () => store.writeFile('atc_alice', streamOf(bytes(1)), context),
          () => store.setFileThread('atc_alice', 'thr_x', context),
          () => store.deleteAttachment('atc_alice', context),
          () => store.deleteThreadFiles('thr_x', context),
        ])
          await expect(call()).rejects.toBeInstanceOf(MissingOwnerError)
        expect(await store.loadFile('atc_alice', alice)).toEqual(file('atc_alice'))
      },
    )

    it('deletes a file, its bytes with it', async () => {
      await store.createFile(file('atc_1'), alice)
      await store.writeFile('atc_1', streamOf(bytes(20)), alice)
      await store.deleteAttachment('atc_1', alice)
      expect(await codeOf(() => store.loadFile('atc_1', alice))).toBe('not_found')
      expect(await codeOf(() => store.readFile('atc_1', alice))).toBe('not_found')
      // The id can be used again, from nothing.
      await store.createFile(file('atc_1'), alice)
      expect((await store.loadFile('atc_1', alice)).uploaded).toBe(false)
    })

    it("records a file's thread, and deleting the thread's files deletes those only", async () => {
      for (const id of ['atc_1', 'atc_2', 'atc_3']) {
        await store.createFile(file(id), alice)
        await store.writeFile(id, streamOf(bytes(3)), alice)
      }
      await store.setFileThread('atc_1', 'thr_a', alice)
      await store.setFileThread('atc_2', 'thr_a', alice)
      await store.setFileThread('atc_3', 'thr_b', alice)
      expect((await store.loadFile('atc_1', alice)).thread_id).toBe('thr_a')
      expect((await store.deleteThreadFiles('thr_a', alice)).sort()).toEqual(['atc_1', 'atc_2'])
      expect(await codeOf(() => store.loadFile('atc_1', alice))).toBe('not_found')
      expect(await codeOf(() => store.readFile('atc_2', alice))).toBe('not_found')
      expect((await store.loadFile('atc_3', alice)).thread_id).toBe('thr_b')
    })

    it('deletes the unsent files made before a time, of every owner, and nothing else', async () => {
      const early = '2026-01-01T00:00:00.000Z'
      const late = '2026-01-01T01:00:00.000Z'
      await store.createFile(file('atc_old', early), alice)
      await store.writeFile('atc_old', streamOf(bytes(3)), alice)
      await store.createFile(file('atc_old_pending', early), bob)
      await store.createFile(file('atc_old_sent', early), alice)
      await store.setFileThread('atc_old_sent', 'thr_a', alice)
      await store.createFile(file('atc_new', late), alice)
      const deleted = await store.deleteUnsentFiles(new Date('2026-01-01T00:30:00.000Z'))
      expect(deleted.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
        { owner: 'alice', id: 'atc_old' },
        { owner: 'bob', id: 'atc_old_pending' },
      ])
      expect(await codeOf(() => store.loadFile('atc_old', alice))).toBe('not_found')
      expect(await codeOf(() => store.loadFile('atc_old_pending', bob))).toBe('not_found')
      expect((await store.loadFile('atc_old_sent', alice)).thread_id).toBe('thr_a')
      expect((await store.loadFile('atc_new', alice)).created_at).toBe(late)
    })
  })
}
