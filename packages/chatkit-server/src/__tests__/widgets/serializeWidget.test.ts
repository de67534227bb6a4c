import { describe, expect, it } from 'vitest'
import { toWireEvent, toWireItem } from '../../toWire.ts'
import type { WidgetItem } from '../../types.ts'
import { serializeWidget } from '../../widgets.ts'

const loose = {
  type: 'Card',
  key: null,
  padding: undefined,
  children: [
    null,
    { type: 'Text', value: 'Hi', color: null, editable: { name: 'n', placeholder: undefined } },
    { type: 'Chart', data: [{ x: 1, y: null }], series: [null, { type: 'bar', dataKey: 'y', label: null }] },
  ],
}

const dropped = {
  type: 'Card',
  children: [
    { type: 'Text', value: 'Hi', editable: { name: 'n' } },
    { type: 'Chart', data: [{ x: 1 }], series: [{ type: 'bar', dataKey: 'y' }] },
  ],
}

describe('serializeWidget', () => {
  it('drops null and undefined at every depth, in objects and in arrays, and leaves its argument alone', () => {
    const before = structuredClone(loose)
    expect(serializeWidget(loose)).toEqual(dropped)
    expect(Object.keys(serializeWidget(loose))).toEqual(['type', 'children'])
    expect(loose).toEqual(before)
  })

  it('keeps false, 0 and empty strings and lists', () => {
    const widget = {
      type: 'Card',
      collapsed: false,
      children: [{ type: 'Text', value: '', maxLines: 0 }],
      x: [],
    }
    expect(serializeWidget(widget)).toEqual(widget)
  })

  it('is what a widget item and a root update carry on the wire', () => {
    const item: WidgetItem = { type: 'widget', id: 'w', thread_id: 't', created_at: 'now', widget: loose }
    expect((toWireItem(item) as WidgetItem).widget).toEqual(dropped)
    expect(
      toWireEvent({
        type: 'thread.item.updated',
        item_id: 'w',
        update: { type: 'widget.root.updated', widget: loose },
      }),
    ).toEqual({
      type: 'thread.item.updated',
      item_id: 'w',
      update: { type: 'widget.root.updated', widget: dropped },
    })
  })
})
