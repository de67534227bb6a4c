// @vitest-environment node
import type { ChatKitServer } from '@chatkit-session/chatkit-server'
import { createChatKitHandler, type ChatKitUserContext } from '@chatkit-session/chatkit-server/fetch'
import { createChatKitTokenHandler } from '@chatkit-session/server/fetch'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import { percentiles } from './random.ts'
import { formatTable } from './table.ts'

// The ChatKit handler's cost on a stream: the same SSE frames read through createChatKitHandler
// (token verification, guards, the abort pipe) against the same frames read from a bare
// ReadableStream, interleaved so machine noise hits both alike. In process: no socket, so the
// figures are the handler's own.

const REPO_ROOT = process.env.REPO_ROOT ?? process.cwd()
const SECRET = 'bench-handler-secret-of-forty-bytes!!!!!'
const AUDIENCE = 'https://chatkit.bench.example'
const encoder = new TextEncoder()
const frame = (n: number) =>
  encoder.encode(
    `data: ${JSON.stringify({ type: 'thread.item.updated', item_id: 'msg_1', update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: `word${n} ` } })}\n\n`,
  )

function events(count: number): ReadableStream<Uint8Array> {
  let n = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (n === count) controller.close()
      else controller.enqueue(frame(n++))
    },
  })
}

/** Reads a stream: milliseconds to the first chunk and to the end. */
async function read(
  stream: ReadableStream<Uint8Array>,
  start: number,
): Promise<{ first: number; total: number }> {
  const reader = stream.getReader()
  let first = 0
  for (;;) {
    const { done } = await reader.read()
    if (first === 0) first = performance.now() - start
    if (done) return { first, total: performance.now() - start }
  }
}

it('measures the handler against a bare stream', async () => {
  const mint = createChatKitTokenHandler({ secret: SECRET, audience: AUDIENCE, getUser: () => 'user_bench' })
  const minted = (await (
    await mint(
      new Request('http://bench/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    )
  ).json()) as { session: { client_secret: string } }
  const token = minted.session.client_secret
  let count = 1
  const server: ChatKitServer<ChatKitUserContext> = {
    process: () => Promise.resolve({ type: 'stream', stream: events(count) }),
  }
  const handler = createChatKitHandler({ server, verify: { secret: SECRET, audience: AUDIENCE } })
  const request = () =>
    new Request('http://bench/api/chatkit', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{"type":"threads.add_user_message","params":{"thread_id":"thr_1"}}',
    })
  const throughHandler = async () => {
    const start = performance.now()
    const response = await handler(request())
    return read(response.body as ReadableStream<Uint8Array>, start)
  }
  const bare = () => read(events(count), performance.now())

  const firstHandler: number[] = []
  const firstBare: number[] = []
  count = 20
  for (let i = 0; i < 2_200; i += 1) {
    const [a, b] = [await throughHandler(), await bare()]
    if (i < 200) continue // warm-up
    firstHandler.push(a.first)
    firstBare.push(b.first)
  }
  const STREAM_EVENTS = 20_000
  count = STREAM_EVENTS
  const handlerRates: number[] = []
  const bareRates: number[] = []
  for (let i = 0; i < 12; i += 1) {
    const [a, b] = [await throughHandler(), await bare()]
    if (i < 2) continue
    handlerRates.push(STREAM_EVENTS / (a.total / 1000))
    bareRates.push(STREAM_EVENTS / (b.total / 1000))
  }
  const first = { handler: percentiles(firstHandler), bare: percentiles(firstBare) }
  const rate = { handler: percentiles(handlerRates).p50, bare: percentiles(bareRates).p50 }
  const ms = (value: number) => `${value.toFixed(3)} ms`
  const perSecond = (value: number) => `${Math.round(value).toLocaleString('en')}/s`
  const rows = [
    [
      '7. ChatKit handler: time to first event, p50',
      'handler vs bare ReadableStream',
      `${ms(first.handler.p50)} vs ${ms(first.bare.p50)}`,
      `+${ms(first.handler.p50 - first.bare.p50)} (token check, guards)`,
    ],
    [
      '7. ChatKit handler: time to first event, p99',
      'handler vs bare ReadableStream',
      `${ms(first.handler.p99)} vs ${ms(first.bare.p99)}`,
      '',
    ],
    [
      `7. ChatKit handler: events/s, ${STREAM_EVENTS.toLocaleString('en')}-event stream, p50`,
      'handler vs bare ReadableStream',
      `${perSecond(rate.handler)} vs ${perSecond(rate.bare)}`,
      `${(rate.handler / rate.bare).toFixed(2)}x`,
    ],
  ]
  writeFileSync(
    join(REPO_ROOT, 'bench/results-handler.json'),
    `${JSON.stringify({ timeToFirstEventMs: first, eventsPerSecond: rate, streamEvents: STREAM_EVENTS }, null, 2)}\n`,
  )
  console.log(
    `\n${formatTable(['figure', 'compared', 'measured', 'ratio / goal'], rows)}\n\nwritten to bench/results-handler.json`,
  )
})
