import { Agent, setTracingDisabled } from '@openai/agents'
import { beforeAll, describe, expect, it } from 'vitest'
import { createAgentResponder, type GeneratedImageInput } from '../../agents.ts'
import { createChatKitServer } from '../../createChatKitServer.ts'
import { ALICE, clock, eventsOf, NOW, testStore } from '../harness.ts'
import { FakeModel, type FakeTurn } from './fakeModel.ts'
import { streamTurns } from './streamTurns.ts'

// The SDK's tracing exports to OpenAI's API: never from these tests.
beforeAll(() => setTracingDisabled(true))

const imageAdded = {
  type: 'response.output_item.added',
  output_index: 0,
  item: { type: 'image_generation_call', id: 'ig_1', status: 'in_progress' },
}
const imageDone = (result: string | null) => ({
  type: 'response.output_item.done',
  output_index: 0,
  item: {
    type: 'image_generation_call',
    id: 'ig_1',
    status: result === null ? 'failed' : 'completed',
    result,
  },
})
const partial = (index: number, b64: string) => ({
  type: 'response.image_generation_call.partial_image',
  item_id: 'ig_1',
  output_index: 0,
  partial_image_index: index,
  partial_image_b64: b64,
})
/** The response as the SDK reports it: the hosted call (shown already from the stream), then the message. */
const turn = (raw: Record<string, unknown>[]): FakeTurn => ({
  raw,
  text: ['Here it is.'],
  outputBefore: [
    { type: 'hosted_tool_call', id: 'ig_1', name: 'image_generation_call', status: 'completed' },
  ],
})
const item = { type: 'generated_image', id: 'message_001', thread_id: 'thr_1', created_at: NOW } as const

describe('image generation as a generated_image item', () => {
  it('adds the item when the tool starts and finishes it with the image as a data URL, before the answer', async () => {
    const events = await streamTurns([turn([imageAdded, imageDone('dGVzdA==')])])

    expect(events.slice(0, 2)).toEqual([
      { type: 'thread.item.added', item: { ...item, image: null } },
      {
        type: 'thread.item.done',
        item: { ...item, image: { id: 'ig_1', url: 'data:image/png;base64,dGVzdA==' } },
      },
    ])
    // No task or workflow for the call the SDK reports afterwards: the image shows it.
    expect(events.slice(2).map((event) => event.type === 'thread.item.added' && event.item.type)).toEqual([
      'assistant_message',
      false,
      false,
      false,
      false,
    ])
  })

  it('keeps the image where base64ImageToUrl says, called per partial image and for the final one', async () => {
    const calls: GeneratedImageInput[] = []
    const events = await streamTurns([turn([imageAdded, partial(0, 'cA=='), imageDone('dGVzdA==')])], {
      base64ImageToUrl: async (image) => {
        calls.push(image)
        await Promise.resolve()
        return `https://cdn.example/${image.imageId}/${image.partialIndex ?? 'final'}.png`
      },
    })

    expect(calls).toEqual([
      { imageId: 'ig_1', base64: 'cA==', partialIndex: 0 },
      { imageId: 'ig_1', base64: 'dGVzdA==', partialIndex: undefined },
    ])
    expect(events[1]).toEqual({
      type: 'thread.item.updated',
      item_id: 'message_001',
      update: {
        type: 'generated_image.updated',
        image: { id: 'ig_1', url: 'https://cdn.example/ig_1/0.png' },
        progress: 0,
      },
    })
    expect(events[2]).toEqual({
      type: 'thread.item.done',
      item: { ...item, image: { id: 'ig_1', url: 'https://cdn.example/ig_1/final.png' } },
    })
  })

  it('gives each partial image its progress out of partialImages, at most 1', async () => {
    const events = await streamTurns(
      [turn([imageAdded, partial(1, 'cA=='), partial(4, 'cQ=='), imageDone('dGVzdA==')])],
      {
        partialImages: 3,
      },
    )

    expect(events.slice(1, 3)).toEqual([
      {
        type: 'thread.item.updated',
        item_id: 'message_001',
        update: {
          type: 'generated_image.updated',
          image: { id: 'ig_1', url: 'data:image/png;base64,cA==' },
          progress: 1 / 3,
        },
      },
      {
        type: 'thread.item.updated',
        item_id: 'message_001',
        update: {
          type: 'generated_image.updated',
          image: { id: 'ig_1', url: 'data:image/png;base64,cQ==' },
          progress: 1,
        },
      },
    ])
    expect(events[3]).toMatchObject({
      type: 'thread.item.done',
      item: { image: { url: 'data:image/png;base64,dGVzdA==' } },
    })
  })

  it('removes the item when the tool gives no image', async () => {
    const events = await streamTurns([turn([imageAdded, imageDone(null)])])

    expect(events.slice(0, 2)).toEqual([
      { type: 'thread.item.added', item: { ...item, image: null } },
      { type: 'thread.item.removed', item_id: 'message_001' },
    ])
  })

  it('ends an open workflow before the image, as a message does', async () => {
    const events = await streamTurns([
      turn([
        {
          type: 'response.output_item.added',
          output_index: 0,
          item: { type: 'reasoning', id: 'rs_1', summary: [] },
        },
        imageAdded,
        imageDone('dGVzdA=='),
      ]),
    ])

    expect(events.slice(0, 3).map((event) => [event.type, 'item' in event ? event.item.type : ''])).toEqual([
      ['thread.item.added', 'workflow'],
      ['thread.item.done', 'workflow'],
      ['thread.item.added', 'generated_image'],
    ])
  })

  it('through createAgentResponder: display.base64ImageToUrl decides the URL the browser gets and the store keeps', async () => {
    const store = testStore()
    const agent = new Agent({
      name: 'Illustrator',
      model: new FakeModel([turn([imageAdded, imageDone('dGVzdA==')])]),
    })
    const server = createChatKitServer({
      store,
      respond: createAgentResponder({
        agent,
        store,
        display: { base64ImageToUrl: ({ imageId }) => Promise.resolve(`https://cdn.example/${imageId}.png`) },
      }),
      now: clock,
    })

    const events = await eventsOf(
      await server.process(
        {
          type: 'threads.create',
          params: {
            input: {
              content: [{ type: 'input_text', text: 'Draw a cat' }],
              attachments: [],
              inference_options: {},
            },
          },
        },
        ALICE,
      ),
    )
    const stored = (
      await store.loadThreadItems('thread_001', { after: null, limit: 10, order: 'asc' }, ALICE)
    ).data

    const image = { id: 'ig_1', url: 'https://cdn.example/ig_1.png' }
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'thread.item.done', item: expect.objectContaining({ image }) }),
    )
    expect(stored.map((item) => item.type)).toEqual(['user_message', 'generated_image', 'assistant_message'])
    expect(stored[1]).toMatchObject({ type: 'generated_image', image })
  })
})
