import type { WidgetItem } from '../types.ts'

/** Fields of widget components that hold words a person reads (Text, Title, Button, Badge...). */
const WORD_FIELDS = ['title', 'value', 'label', 'text'] as const

/** At most this many characters of a widget's words go to the model. */
export const WIDGET_TEXT_LIMIT = 2000

function collectWords(node: unknown, out: string[]): void {
  if (Array.isArray(node)) {
    for (const child of node) collectWords(child, out)
    return
  }
  if (typeof node !== 'object' || node === null) return
  const fields = node as Record<string, unknown>
  for (const key of WORD_FIELDS) {
    const value = fields[key]
    if (typeof value === 'string' && value.trim() !== '') out.push(value.trim())
  }
  for (const [key, value] of Object.entries(fields))
    if (typeof value === 'object' && value !== null && key !== 'action' && key !== 'onClickAction')
      collectWords(value, out)
}

/**
 * A widget the user was shown, as a short text for the model: its `copy_text` when it has one,
 * else the words of its components in tree order (at most {@link WIDGET_TEXT_LIMIT} characters).
 * Not the widget's JSON: layout fields cost tokens and tell the model nothing.
 */
export function widgetText(item: WidgetItem): string {
  const words: string[] = []
  if (item.copy_text) words.push(item.copy_text)
  else collectWords(item.widget, words)
  const said = words.join('\n')
  const clipped = said.length > WIDGET_TEXT_LIMIT ? `${said.slice(0, WIDGET_TEXT_LIMIT)}…` : said
  return clipped === ''
    ? `The user was shown a widget (id ${item.id}).`
    : `The user was shown a widget (id ${item.id}):\n${clipped}`
}
