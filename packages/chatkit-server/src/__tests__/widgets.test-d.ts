import type { Widgets } from '@openai/chatkit'
import { expectTypeOf, test } from 'vitest'
import type { WidgetItem } from '../types.ts'
import type { Card, Chart, Table, TableCell, TableRow, Widget, WidgetNode } from '../widgets.ts'
import { serializeWidget } from '../widgets.ts'

test('the widget types are the client’s own (1.9.0), so they cannot drift from it', () => {
  expectTypeOf<Widget>().toEqualTypeOf<Widgets.WidgetRoot>()
  expectTypeOf<WidgetNode>().toEqualTypeOf<Widgets.WidgetComponent>()
  expectTypeOf<Card['border']>().toEqualTypeOf<Widgets.Card['border']>()
  expectTypeOf<Table['children']>().toEqualTypeOf<TableRow[] | undefined>()
  expectTypeOf<TableRow['children']>().toEqualTypeOf<TableCell[] | undefined>()
})

test('a typed literal is checked where it is written, and fits a widget item', () => {
  const card = {
    type: 'Card',
    border: { top: 1, bottom: { size: 2, style: 'dashed' } },
    children: [
      { type: 'Title', value: 'Order #42' },
      { type: 'Text', id: 'summary', value: '', streaming: true },
      { type: 'Table', children: [{ type: 'Table.Row', children: [{ type: 'Table.Cell', colSpan: 2 }] }] },
    ],
  } satisfies Widget
  expectTypeOf(card).toExtend<WidgetItem['widget']>()
  expectTypeOf(serializeWidget(card)).toEqualTypeOf(card)
  // @ts-expect-error a component the client does not know
  const wrong: Widget = { type: 'Card', children: [{ type: 'Blink', value: 'x' }] }
  void wrong
  // @ts-expect-error Text needs its value
  const missing: WidgetNode = { type: 'Text' }
  void missing
})

test('Chart is ours (the client’s 1.9.0 types have none), and a plain object a widget item holds', () => {
  expectTypeOf<Extract<WidgetNode, { type: 'Chart' }>>().toBeNever()
  expectTypeOf<Chart>().toExtend<WidgetItem['widget']>()
})
