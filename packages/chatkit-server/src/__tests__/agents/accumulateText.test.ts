import { Agent, run, setTracingDisabled } from '@openai/agents'
import { beforeAll, describe, expect, it } from 'vitest'
import { accumulateText } from '../../agents.ts'
import { FakeModel } from './fakeModel.ts'

// The SDK's tracing exports to OpenAI's API: never from these tests.
beforeAll(() => setTracingDisabled(true))

describe('accumulateText', () => {
  it('yields the base widget, one copy per delta with the text so far, and the whole text not streaming', async () => {
    const model = new FakeModel([{ text: ['Hello, ', 'world!'] }])
    const result = await run(new Agent({ name: 'writer', model }), 'Say hello', { stream: true })
    const base = { type: 'Text', id: 'text', value: '', streaming: true }

    const widgets = []
    for await (const widget of accumulateText(result, base)) widgets.push(widget)

    expect(widgets).toEqual([
      { type: 'Text', id: 'text', value: '', streaming: true },
      { type: 'Text', id: 'text', value: 'Hello, ', streaming: true },
      { type: 'Text', id: 'text', value: 'Hello, world!', streaming: true },
      { type: 'Text', id: 'text', value: 'Hello, world!', streaming: false },
    ])
    expect(base.value).toBe('')
  })
})
