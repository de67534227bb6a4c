import { describe, expect, it, vi } from 'vitest'
import { createChatKitServer, type RespondFunction } from '../../createChatKitServer.ts'
import type { ThreadItem, WidgetRoot } from '../../types.ts'
import { streamWidget } from '../../widgets.ts'
import { ALICE, clock, testStore, type TestContext } from '../harness.ts'

// A widget stream cancelled half-way: the server has applied the widget's updates to the item it
// keeps pending, so handleStreamCancelled gets the widget as far as it got.

const input = { content: [{ type: 'input_text', text: 'Hi' }], attachments: [], inference_options: {} }

describe('a cancelled widget stream', () => {
  it('hands handleStreamCancelled the widget with the text streamed so far and the last root', async () => {
    let release = () => {}
    const respond: RespondFunction<TestContext> = async function* (
      thread,
      _input,
      _context,
      { generateItemId },
    ) {
      async function* states(): AsyncGenerator<WidgetRoot> {
        yield { type: 'Card', children: [{ type: 'Text', id: 'body', value: 'Hel', streaming: true }] }
        yield { type: 'Card', children: [{ type: 'Text', id: 'body', value: 'Hello', streaming: true }] }
        yield {
          type: 'Card',
          size: 'lg',
          children: [
            { type: 'Transition', children: { type: 'Text', id: 'body', value: 'Hello', streaming: true } },
          ],
        }
        yield {
          type: 'Card',
          size: 'lg',
          children: [
            {
              type: 'Transition',
              children: { type: 'Text', id: 'body', value: 'Hello, wor', streaming: true },
            },
          ],
        }
        await new Promise<void>((resolve) => (release = resolve))
        yield { type: 'Card', children: [] }
      }
      yield* streamWidget({ threadId: thread.id, id: generateItemId('message'), widget: states() })
    }
    const handleStreamCancelled = vi.fn(async (_thread: unknown, _pending: ThreadItem[]) => {})
    const server = createChatKitServer({
      store: testStore(),
      respond,
      now: clock,
      onError: () => {},
      handleStreamCancelled,
    })
    const result = await server.process({ type: 'threads.create', params: { input } }, ALICE)
    if (result.type !== 'stream') throw new Error('expected a stream')
    const reader = result.stream.getReader()
    let text = ''
    while ((text.match(/thread\.item\.updated/g) ?? []).length < 3) {
      const { value, done } = await reader.read()
      if (done) throw new Error('stream ended early')
      text += new TextDecoder().decode(value)
    }
    await reader.cancel()
    release()
    await vi.waitFor(() => expect(handleStreamCancelled).toHaveBeenCalled())
    const pending = handleStreamCancelled.mock.calls[0]?.[1] ?? []
    expect(pending.find((item) => item.type === 'widget')).toMatchObject({
      type: 'widget',
      widget: {
        type: 'Card',
        size: 'lg',
        children: [
          {
            type: 'Transition',
            children: { type: 'Text', id: 'body', value: 'Hello, wor', streaming: true },
          },
        ],
      },
    })
  })
})
