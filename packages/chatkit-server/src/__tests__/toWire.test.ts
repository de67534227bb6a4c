import { describe, expect, it } from 'vitest'
import type { ThreadStreamEvent } from '../events.ts'
import { toWireAttachment, toWireEvent, toWireItem, toWireJson } from '../toWire.ts'
import type { ThreadItem } from '../types.ts'

const base = { thread_id: 'thr_1', created_at: '2026-12-04T12:00:00.000Z' }

describe('toWire', () => {
  it('drops null and undefined object fields at every depth, and keeps array entries', () => {
    expect(
      JSON.parse(toWireJson({ a: null, b: undefined, c: { d: null, e: [null, 1] }, f: 0, g: '' })),
    ).toStrictEqual({
      c: { e: [null, 1] },
      f: 0,
      g: '',
    })
  })

  it("fills in the fields Python's models always send, and keeps values that are set", () => {
    const workflow: ThreadItem = {
      ...base,
      type: 'workflow',
      id: 'wf_1',
      workflow: {
        type: 'reasoning',
        tasks: [
          { type: 'web_search', title: 'Searching' },
          { type: 'thought', content: 'hmm', status_indicator: 'complete' },
          { type: 'file' },
        ],
      },
    }
    const before = structuredClone(workflow)
    expect(toWireItem(workflow)).toStrictEqual({
      ...base,
      type: 'workflow',
      id: 'wf_1',
      workflow: {
        type: 'reasoning',
        expanded: false,
        tasks: [
          { type: 'web_search', title: 'Searching', status_indicator: 'none', queries: [], sources: [] },
          { type: 'thought', content: 'hmm', status_indicator: 'complete' },
          { type: 'file', status_indicator: 'none', sources: [] },
        ],
      },
    })
    // The caller's object is left as it was.
    expect(workflow).toStrictEqual(before)

    const message: ThreadItem = {
      ...base,
      type: 'assistant_message',
      id: 'msg_1',
      content: [
        {
          type: 'output_text',
          text: 'see',
          annotations: [{ type: 'annotation', source: { type: 'entity', id: 'e1', title: 'Ada' } }],
        },
      ],
    }
    expect(toWireItem(message)).toMatchObject({
      content: [
        {
          annotations: [{ source: { type: 'entity', id: 'e1', title: 'Ada', interactive: false, data: {} } }],
        },
      ],
    })
    expect(
      toWireItem({
        ...base,
        type: 'user_message',
        id: 'msg_2',
        content: [{ type: 'input_tag', id: 't', text: '@Ada', data: {} }],
        attachments: [],
        inference_options: {},
      }),
    ).toMatchObject({ content: [{ interactive: false }] })
  })

  it('fills in the defaults of events and updates', () => {
    const effect: ThreadStreamEvent = { type: 'client_effect', name: 'confetti' }
    expect(toWireEvent(effect)).toStrictEqual({ type: 'client_effect', name: 'confetti', data: {} })
    const taskAdded: ThreadStreamEvent = {
      type: 'thread.item.updated',
      item_id: 'wf_1',
      update: { type: 'workflow.task.added', task_index: 0, task: { type: 'custom', title: 'Step' } },
    }
    expect(toWireEvent(taskAdded)).toMatchObject({ update: { task: { status_indicator: 'none' } } })
  })

  it("strips an attachment's metadata and fills its upload headers", () => {
    expect(
      toWireAttachment({
        type: 'file',
        id: 'atc_1',
        name: 'a.txt',
        mime_type: 'text/plain',
        metadata: { key: 'server-only' },
        upload_descriptor: { url: 'http://127.0.0.1:9/u', method: 'POST' },
      }),
    ).toStrictEqual({
      type: 'file',
      id: 'atc_1',
      name: 'a.txt',
      mime_type: 'text/plain',
      upload_descriptor: { url: 'http://127.0.0.1:9/u', method: 'POST', headers: {} },
    })
  })
})
