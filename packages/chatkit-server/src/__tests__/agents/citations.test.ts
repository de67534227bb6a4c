import { setTracingDisabled } from '@openai/agents'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ResponsesCitation, StreamAgentResponseOptions } from '../../agents.ts'
import type { ThreadStreamEvent } from '../../events.ts'
import type { Annotation } from '../../types.ts'
import { NOW } from '../harness.ts'
import type { FakeTurn } from './fakeModel.ts'
import { streamTurns } from './streamTurns.ts'

// The SDK's tracing exports to OpenAI's API: never from these tests.
beforeAll(() => setTracingDisabled(true))

const streamed = (turn: FakeTurn, extra: Partial<StreamAgentResponseOptions> = {}) =>
  streamTurns([turn], extra)

const added = (annotation: Record<string, unknown>) => ({
  type: 'response.output_text.annotation.added',
  item_id: 'msg_m1',
  output_index: 0,
  content_index: 0,
  annotation,
})
const fileCitation = (filename: string, index: number) => ({
  type: 'file_citation',
  file_id: 'file_1',
  filename,
  index,
})
const containerCitation = {
  type: 'container_file_citation',
  container_id: 'cntr_1',
  file_id: 'file_2',
  filename: 'container.txt',
  start_index: 0,
  end_index: 3,
}
const urlCitation = (end: number) => ({
  type: 'url_citation',
  url: 'https://example.com',
  title: 'Example',
  start_index: 1,
  end_index: end,
})

const annotationUpdates = (events: ThreadStreamEvent[]) =>
  events.flatMap((event) =>
    event.type === 'thread.item.updated' &&
    event.update.type === 'assistant_message.content_part.annotation_added'
      ? [{ item_id: event.item_id, ...event.update }]
      : [],
  )
const finished = (events: ThreadStreamEvent[]) =>
  events.flatMap((event) =>
    event.type === 'thread.item.done' && event.item.type === 'assistant_message' ? [event.item] : [],
  )

describe('citations as annotations', () => {
  it('streams each citation as it is added, numbered without gaps when one cannot be shown', async () => {
    const events = await streamed({
      text: ['Hello, world!'],
      messageId: 'msg_m1',
      rawAfter: [added(fileCitation('', 0)), added(containerCitation), added(urlCitation(5))],
    })

    expect(annotationUpdates(events)).toEqual([
      {
        item_id: 'message_001',
        type: 'assistant_message.content_part.annotation_added',
        content_index: 0,
        annotation_index: 0,
        annotation: {
          type: 'annotation',
          source: { type: 'file', filename: 'container.txt', title: 'container.txt' },
          index: 3,
        },
      },
      {
        item_id: 'message_001',
        type: 'assistant_message.content_part.annotation_added',
        content_index: 0,
        annotation_index: 1,
        annotation: {
          type: 'annotation',
          source: { type: 'url', url: 'https://example.com', title: 'Example' },
          index: 5,
        },
      },
    ])
  })

  it('gives the finished message every part with its citations: file, container file and URL; a file path is left out', async () => {
    const events = await streamed({
      text: ['Hello, world!'],
      messageId: 'msg_m1',
      annotations: [
        fileCitation('test.txt', 0),
        containerCitation,
        { ...urlCitation(10), url: 'https://www.example.org', title: 'Example org' },
        { type: 'file_path', file_id: 'file_9', index: 0 },
      ],
      moreParts: ["Can't do that"],
    })

    expect(finished(events)).toEqual([
      {
        type: 'assistant_message',
        id: 'message_001',
        thread_id: 'thr_1',
        created_at: NOW,
        content: [
          {
            type: 'output_text',
            text: 'Hello, world!',
            annotations: [
              {
                type: 'annotation',
                source: { type: 'file', filename: 'test.txt', title: 'test.txt' },
                index: 0,
              },
              {
                type: 'annotation',
                source: { type: 'file', filename: 'container.txt', title: 'container.txt' },
                index: 3,
              },
              {
                type: 'annotation',
                source: { type: 'url', url: 'https://www.example.org', title: 'Example org' },
                index: 10,
              },
            ],
          },
          { type: 'output_text', text: "Can't do that", annotations: [] },
        ],
      },
    ])
    // The second part was not streamed: it is announced whole, added then done.
    const second = { type: 'output_text', text: "Can't do that", annotations: [] }
    expect(
      events.flatMap((event) => (event.type === 'thread.item.updated' ? [event.update] : [])).slice(-2),
    ).toEqual([
      { type: 'assistant_message.content_part.added', content_index: 1, content: second },
      { type: 'assistant_message.content_part.done', content_index: 1, content: second },
    ])
  })

  it('converts citations with citationToAnnotation, streamed and final, and uses the default when it returns undefined', async () => {
    const calls: string[] = []
    const report: Annotation = {
      type: 'annotation',
      source: {
        type: 'file',
        filename: 'report.pdf',
        title: 'Usage Report',
        description: 'Usage report for the month of January',
      },
      index: 111,
    }
    const custom: Annotation = {
      type: 'annotation',
      source: { type: 'url', url: 'https://custom.example/url', title: 'Custom' },
      index: 222,
    }
    const citationToAnnotation = async (citation: ResponsesCitation) => {
      calls.push(citation.type)
      await Promise.resolve()
      if (citation.type === 'file_citation') return report
      if (citation.type === 'url_citation') return custom
      return undefined
    }

    const events = await streamed(
      {
        text: ['Hello!'],
        messageId: 'msg_m1',
        rawAfter: [added(fileCitation('file.txt', 0))],
        annotations: [urlCitation(7), containerCitation],
      },
      { citationToAnnotation },
    )

    expect(annotationUpdates(events).map((update) => update.annotation)).toEqual([report])
    expect(finished(events)[0]?.content).toEqual([
      {
        type: 'output_text',
        text: 'Hello!',
        annotations: [
          custom,
          {
            type: 'annotation',
            source: { type: 'file', filename: 'container.txt', title: 'container.txt' },
            index: 3,
          },
        ],
      },
    ])
    expect(calls).toEqual(['file_citation', 'url_citation', 'container_file_citation'])
  })
})
