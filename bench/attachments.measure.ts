// @vitest-environment node
import { createChatKitServer, createMemoryStore } from '@chatkit-session/chatkit-server'
import { createChatKitAttachments } from '@chatkit-session/chatkit-server/attachments'
import { createChatKitHandler } from '@chatkit-session/chatkit-server/fetch'
import { createFileAttachmentStore } from '@chatkit-session/chatkit-server/files'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'vitest'
import { formatTable, percentile } from './table.ts'

// Uploads through the ChatKit handler (multipart parsing, the size and type checks, the records)
// against writing the same bytes straight to the same attachment store on disk, interleaved so
// machine noise hits both alike; then the process's peak memory while 10 users upload 5 MB each
// at once. In process, no socket; the bodies are generated as they are read, so what memory grows
// by is the server side's own buffering, not the test's copies of the files.

const REPO_ROOT = process.env.REPO_ROOT ?? process.cwd()
const SIZE = 5 * 1024 * 1024
const CHUNK = 64 * 1024
const ROUNDS = 12
const CONCURRENT = 10
const BOUNDARY = 'bench-boundary-7f3a9c'
const encoder = new TextEncoder()

/** `SIZE` bytes of a PNG, made chunk by chunk as they are read. */
function pngStream(): ReadableStream<Uint8Array> {
  let sent = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= SIZE) return controller.close()
      const chunk = new Uint8Array(Math.min(CHUNK, SIZE - sent)).fill(sent & 0xff)
      if (sent === 0) chunk.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
      sent += chunk.byteLength
      controller.enqueue(chunk)
    },
  })
}

/** The same PNG inside a multipart form with one `file` field. */
function formStream(): ReadableStream<Uint8Array> {
  const head = encoder.encode(
    `--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="bench.png"\r\ncontent-type: image/png\r\n\r\n`,
  )
  const tail = encoder.encode(`\r\n--${BOUNDARY}--\r\n`)
  const file = pngStream().getReader()
  let stage: 'head' | 'file' | 'tail' | 'done' = 'head'
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (stage === 'head') {
        stage = 'file'
        return controller.enqueue(head)
      }
      if (stage === 'file') {
        const next = await file.read()
        if (!next.done) return controller.enqueue(next.value)
        stage = 'tail'
      }
      if (stage === 'tail') {
        stage = 'done'
        return controller.enqueue(tail)
      }
      controller.close()
    },
  })
}

it('measures uploads through the handler against writes straight to the store', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'chatkit-bench-attachments-'))
  try {
    const files = createFileAttachmentStore<{ userId: string }>({ directory })
    const store = createMemoryStore<{ userId: string }>()
    const attachments = createChatKitAttachments({
      store,
      files,
      secret: 'bench-attachments-secret-of-forty-bytes!!',
      url: 'http://bench/api/chatkit',
      maxConcurrentUploads: CONCURRENT,
    })
    const server = createChatKitServer({
      store: attachments.store,
      attachmentStore: attachments,
      respond: async function* () {},
    })
    const handler = createChatKitHandler({
      server,
      attachments,
      getContext: (request) => ({ userId: request.headers.get('x-bench-user') ?? 'user_0' }),
    })
    const upload = async (user: string) => {
      const response = await handler(
        new Request('http://bench/api/chatkit', {
          method: 'POST',
          headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'x-bench-user': user },
          body: formStream(),
          duplex: 'half',
        } as RequestInit),
      )
      if (response.status !== 200) throw new Error(`upload answered ${response.status}`)
      await response.arrayBuffer()
    }
    let ids = 0
    const direct = async () => {
      const id = `atc_bench_${ids++}`
      const context = { userId: 'user_direct' }
      await files.createFile(
        {
          id,
          name: 'bench.png',
          mime_type: 'image/png',
          size: SIZE,
          thread_id: null,
          created_at: new Date().toISOString(),
          uploaded: false,
        },
        context,
      )
      await files.writeFile(id, pngStream(), context)
    }
    const time = async (run: () => Promise<void>) => {
      const start = performance.now()
      await run()
      return performance.now() - start
    }

    // Warm both paths, then interleave.
    await upload('user_warm')
    await direct()
    const viaHandler: number[] = []
    const straight: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      viaHandler.push(await time(() => upload(`user_${round}`)))
      straight.push(await time(direct))
    }

    // Peak memory while CONCURRENT users upload at once, sampled every 2 ms.
    globalThis.gc?.()
    const before = process.memoryUsage()
    let peakRss = before.rss
    let peakHeap = before.heapUsed + before.arrayBuffers
    const sampler = setInterval(() => {
      const now = process.memoryUsage()
      peakRss = Math.max(peakRss, now.rss)
      peakHeap = Math.max(peakHeap, now.heapUsed + now.arrayBuffers)
    }, 2)
    const concurrentMs = await time(async () => {
      await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => upload(`user_concurrent_${i}`)))
    })
    clearInterval(sampler)

    const MiB = 1024 * 1024
    const p50Handler = percentile(viaHandler, 0.5)
    const p50Straight = percentile(straight, 0.5)
    const results = {
      fileBytes: SIZE,
      rounds: ROUNDS,
      handlerP50Ms: p50Handler,
      storeP50Ms: p50Straight,
      ratio: p50Handler / p50Straight,
      concurrent: CONCURRENT,
      concurrentMs,
      peakRssGrowthMiB: (peakRss - before.rss) / MiB,
      peakHeapAndBuffersGrowthMiB: (peakHeap - before.heapUsed - before.arrayBuffers) / MiB,
      bytesUploadedMiB: (CONCURRENT * SIZE) / MiB,
    }
    writeFileSync(join(REPO_ROOT, 'bench/results-attachments.json'), `${JSON.stringify(results, null, 2)}\n`)
    console.log(
      `\n${formatTable(
        ['attachments (file store on disk, in process)', 'value'],
        [
          ['5 MB upload through the handler, p50', `${p50Handler.toFixed(1)} ms`],
          ['the same bytes written straight to the store, p50', `${p50Straight.toFixed(1)} ms`],
          ['handler / store (ratio)', `${results.ratio.toFixed(2)}x`],
          [`${CONCURRENT} concurrent 5 MB uploads, wall time`, `${concurrentMs.toFixed(0)} ms`],
          [
            `peak growth during them: RSS / heap + ArrayBuffers (of ${results.bytesUploadedMiB} MiB uploaded)`,
            `${results.peakRssGrowthMiB.toFixed(1)} MiB / ${results.peakHeapAndBuffersGrowthMiB.toFixed(1)} MiB`,
          ],
        ],
      )}\n`,
    )
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
})
