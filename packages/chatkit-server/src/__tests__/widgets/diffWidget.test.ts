import { describe, expect, it } from 'vitest'
import { applyItemUpdate } from '../../applyItemUpdate.ts'
import type { ThreadStreamEvent } from '../../events.ts'
import type { WidgetItem, WidgetRoot } from '../../types.ts'
import { diffWidget, streamWidget, type Card } from '../../widgets.ts'

const card = (...children: Card['children']): Card => ({ type: 'Card', children })
const text = (value: string, extra: Partial<{ id: string; streaming: boolean; key: string }> = {}) =>
  ({ type: 'Text', value, ...extra }) as const

describe('diffWidget (chatkit-python diff_widget’s cases)', () => {
  it('gives nothing for two equal widgets', () => {
    expect(diffWidget(card(), card())).toEqual([])
    expect(diffWidget({ type: 'Card', children: [], key: null }, { type: 'Card', children: [] })).toEqual([])
  })

  it('gives a text delta when a streaming Text with an id grew', () => {
    const before = card(text('Hello', { id: 'text', streaming: true }))
    const after = card(text('Hello, world!', { id: 'text', streaming: true }))
    expect(diffWidget(before, after)).toEqual([
      { type: 'widget.streaming_text.value_delta', component_id: 'text', delta: ', world!', done: false },
    ])
  })

  it('replaces the root when streaming turned off as the text grew (the streaming field changed)', () => {
    const before = card(text('Hello', { id: 'text', streaming: true }))
    const after = card(text('Hello, world!', { id: 'text', streaming: false }))
    expect(diffWidget(before, after)).toEqual([{ type: 'widget.root.updated', widget: after }])
  })

  it('replaces the root when a text was changed rather than appended to', () => {
    const after = card(text('world!'))
    expect(diffWidget(card(text('Hello')), after)).toEqual([{ type: 'widget.root.updated', widget: after }])
  })

  it('says done when the text grew on a component that is not streaming', () => {
    expect(diffWidget(card(text('a', { id: 't' })), card(text('ab', { id: 't' })))).toEqual([
      { type: 'widget.streaming_text.value_delta', component_id: 't', delta: 'b', done: true },
    ])
  })

  it('sends nothing when only a Text without an id grew (ChatKit cannot address it)', () => {
    expect(diffWidget(card(text('a')), card(text('ab')))).toEqual([])
  })

  it('gives one delta per component that grew, depth first, and Markdown streams too', () => {
    const before: WidgetRoot = {
      type: 'ListView',
      children: [
        { type: 'ListViewItem', children: [{ type: 'Markdown', id: 'm', value: '**a', streaming: true }] },
        {
          type: 'ListViewItem',
          children: [text('x', { id: 'x', streaming: true }), text('y', { id: 'y', streaming: true })],
        },
      ],
    }
    const after = structuredClone(before) as typeof before & { children: { children: { value: string }[] }[] }
    after.children.forEach((row) => row.children.forEach((node) => (node.value += '+')))
    expect(
      diffWidget(before, after).map(
        (update) => update.type === 'widget.streaming_text.value_delta' && update.component_id,
      ),
    ).toEqual(['m', 'x', 'y'])
  })

  it('replaces the root on a new type, id or key, a new child, or any other field', () => {
    const before = card(text('a', { id: 't', streaming: true }))
    for (const after of [
      { type: 'ListView', children: [] },
      card(text('ab', { id: 'u', streaming: true })),
      card(text('ab', { id: 't', streaming: true, key: 'k' })),
      card(text('a', { id: 't', streaming: true }), text('b')),
      { ...card(text('ab', { id: 't', streaming: true })), size: 'lg' },
      card({ ...text('ab', { id: 't', streaming: true }), weight: 'bold' }),
    ] as WidgetRoot[])
      expect(diffWidget(before, after)).toEqual([{ type: 'widget.root.updated', widget: after }])
  })

  it('walks a children that is one component, not a list (chatkit-python PRs 113 and 115)', () => {
    const before: WidgetRoot = card({
      type: 'Transition',
      children: text('Hel', { id: 'inner', streaming: true }),
    })
    const after: WidgetRoot = card({
      type: 'Transition',
      children: text('Hello', { id: 'inner', streaming: true }),
    })
    expect(diffWidget(before, after)).toEqual([
      { type: 'widget.streaming_text.value_delta', component_id: 'inner', delta: 'lo', done: false },
    ])
    const changed: WidgetRoot = card({
      type: 'Transition',
      children: text('Bye', { id: 'inner', streaming: true }),
    })
    expect(diffWidget(before, changed)).toEqual([{ type: 'widget.root.updated', widget: changed }])
  })
})

async function collect(events: AsyncIterable<ThreadStreamEvent>): Promise<ThreadStreamEvent[]> {
  const out: ThreadStreamEvent[] = []
  for await (const event of events) out.push(event)
  return out
}

const base = { threadId: 'thr_1', id: 'msg_w', createdAt: '2026-12-07T00:00:00.000Z' }

describe('streamWidget', () => {
  it('gives one widget as its done item, without its null fields, as chatkit-python does', async () => {
    const events = await collect(
      streamWidget({ ...base, widget: { type: 'Card', key: null, children: [] }, copyText: 'Copy' }),
    )
    expect(events).toEqual([
      {
        type: 'thread.item.done',
        item: {
          type: 'widget',
          id: 'msg_w',
          thread_id: 'thr_1',
          created_at: base.createdAt,
          copy_text: 'Copy',
          widget: { type: 'Card', children: [] },
        },
      },
    ])
  })

  it('adds the first state, updates with the diffs, and is done with the last; states may be one object changed in place', async () => {
    const widget = card(text('', { id: 'body', streaming: true }))
    async function* states() {
      yield widget
      const body = widget.children[0] as { value: string; streaming?: boolean }
      for (const word of ['Hello', ', ', 'world']) {
        body.value += word
        yield widget
      }
      yield card(text('Hello, world', { id: 'body' }), text('Done'))
    }
    const events = await collect(streamWidget({ ...base, widget: states() }))
    expect(events.map((event) => event.type)).toEqual([
      'thread.item.added',
      'thread.item.updated',
      'thread.item.updated',
      'thread.item.updated',
      'thread.item.updated',
      'thread.item.done',
    ])
    expect(events[0]).toMatchObject({ item: { widget: card(text('', { id: 'body', streaming: true })) } })
    expect(events.slice(1, 4).map((event) => event.type === 'thread.item.updated' && event.update)).toEqual(
      ['Hello', ', ', 'world'].map((delta) => ({
        type: 'widget.streaming_text.value_delta',
        component_id: 'body',
        delta,
        done: false,
      })),
    )
    const final = card(text('Hello, world', { id: 'body' }), text('Done'))
    expect(events[4]).toEqual({
      type: 'thread.item.updated',
      item_id: 'msg_w',
      update: { type: 'widget.root.updated', widget: final },
    })
    expect(events[5]).toMatchObject({ type: 'thread.item.done', item: { widget: final } })
  })

  it('takes a plain list of states, and gives nothing for none', async () => {
    const events = await collect(
      streamWidget({ ...base, widget: [card(text('a', { id: 'a' })), card(text('ab', { id: 'a' }))] }),
    )
    expect(events.map((event) => event.type)).toEqual([
      'thread.item.added',
      'thread.item.updated',
      'thread.item.done',
    ])
    expect(await collect(streamWidget({ ...base, widget: [] }))).toEqual([])
  })

  it('its updates, applied to the added item as the server applies them, give the done widget', async () => {
    const states = [
      card(
        { type: 'Transition', children: text('', { id: 'inner', streaming: true }) },
        text('a', { id: 'a', streaming: true }),
      ),
      card(
        { type: 'Transition', children: text('x', { id: 'inner', streaming: true }) },
        text('ab', { id: 'a', streaming: true }),
      ),
      card(
        { type: 'Transition', children: text('xy', { id: 'inner', streaming: true }) },
        text('ab', { id: 'a', streaming: true }),
      ),
    ]
    const events = await collect(streamWidget({ ...base, widget: states }))
    let item: WidgetItem | undefined
    for (const event of events) {
      if (event.type === 'thread.item.added' && event.item.type === 'widget')
        item = structuredClone(event.item)
      if (event.type === 'thread.item.updated' && item) applyItemUpdate(item, event.update)
    }
    const done = events.at(-1)
    expect(done?.type === 'thread.item.done' && done.item).toEqual(item)
  })
})
