// The widget components, as ChatKit's web client types them: re-exported from `@openai/chatkit`
// (a package of type declarations only, with no dependencies and no code), so that what a server
// sends is checked against what the client renders and cannot drift from it. `Chart` is the one
// component chatkit-python 1.6.5 knows that the client's 1.9.0 types do not: it is written here
// from chatkit-python's model.
import type { Widgets } from '@openai/chatkit'

/** A widget's root: a `Card`, a `ListView` or a `Basic` root. */
export type Widget = Widgets.WidgetRoot
/** Any component a root's children may hold (the client's `WidgetComponent`). */
export type WidgetNode = Widgets.WidgetComponent

/** A card: the usual root, with optional confirm / cancel actions and a `border`. */
export type Card = Widgets.Card
/** A list of {@link ListViewItem}s, a root. */
export type ListView = Widgets.ListView
/** One row of a {@link ListView}. */
export type ListViewItem = Widgets.ListViewItem
/** A root without a card's chrome, which may nest other roots. */
export type BasicRoot = Widgets.BasicRoot
/** A flex box. */
export type Box = Widgets.Box
/** A horizontal box. */
export type Row = Widgets.Row
/** A vertical box. */
export type Col = Widgets.Col
/** A box that submits its fields with `onSubmitAction`. */
export type Form = Widgets.Form
/** Empty space that grows. */
export type Spacer = Widgets.Spacer
/** A separator line. */
export type Divider = Widgets.Divider
/** Animates the layout changes of its one child. */
export type Transition = Widgets.Transition
/** A headline. */
export type Title = Widgets.Title
/** Secondary text. */
export type Caption = Widgets.Caption
/** Text; streams when `streaming` is set and it has an `id` (the client calls it `TextComponent`). */
export type TextComponent = Widgets.TextComponent
/** Markdown; streams like {@link TextComponent}. */
export type Markdown = Widgets.Markdown
/** A small label. */
export type Badge = Widgets.Badge
/** One of ChatKit's icons. */
export type Icon = Widgets.Icon
/** The name of one of ChatKit's icons. */
export type WidgetIcon = Widgets.WidgetIcon
/** An image. */
export type Image = Widgets.Image
/** A button that dispatches `onClickAction`. */
export type Button = Widgets.Button
/** A table (client 1.7.0 and later). */
export type Table = Extract<Widgets.WidgetComponent, { type: 'Table' }>
/** A row of a {@link Table}. */
export type TableRow = Extract<Widgets.WidgetComponent, { type: 'Table.Row' }>
/** A cell of a {@link TableRow}. */
export type TableCell = Widgets.TableCell
/** A text field. */
export type Input = Widgets.Input
/** A multiline text field. */
export type Textarea = Widgets.Textarea
/** A drop-down list. */
export type Select = Widgets.Select
/** A date field. */
export type DatePicker = Widgets.DatePicker
/** A checkbox. */
export type Checkbox = Widgets.Checkbox
/** A group of radio buttons. */
export type RadioGroup = Widgets.RadioGroup
/** A form field's label. */
export type Label = Widgets.Label

/** An action a component dispatches (`onClickAction`, `onSubmitAction`...). */
export type WidgetAction = NonNullable<Widgets.Button['onClickAction']>

/** A colour for the light and the dark theme. */
export type ThemeColor = {
  light: string
  dark: string
}

/** A bar, area or line series of a {@link Chart} (chatkit-python's `Series`). */
export type ChartSeries =
  | { type: 'bar'; label?: string; dataKey: string; stack?: string; color?: string | ThemeColor }
  | {
      type: 'area' | 'line'
      label?: string
      dataKey: string
      stack?: string
      color?: string | ThemeColor
      curveType?: string
    }

/**
 * A bar, line or area chart. chatkit-python 1.6.5 has it; the client's 1.9.0 types do not, so a
 * typed `Card` cannot hold one: send it from a `.widget` template, or as a plain object.
 */
// A type alias, not an interface: it then fits `WidgetItem['widget']`'s index signature.
export type Chart = {
  type: 'Chart'
  key?: string
  id?: string
  /** The rows: each maps a field name to its value. */
  data: Record<string, string | number>[]
  series: ChartSeries[]
  /** The field of each row on the x axis, or the axis' settings. */
  xAxis: string | { dataKey: string; hide?: boolean; labels?: Record<string, string> }
  showYAxis?: boolean
  showLegend?: boolean
  showTooltip?: boolean
  barGap?: number
  barCategoryGap?: number
  flex?: number | string
  height?: number | string
  width?: number | string
  size?: number | string
  minHeight?: number | string
  minWidth?: number | string
  minSize?: number | string
  maxHeight?: number | string
  maxWidth?: number | string
  maxSize?: number | string
  aspectRatio?: number | string
}
