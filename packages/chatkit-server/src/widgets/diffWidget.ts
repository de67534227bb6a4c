import type { WidgetRootUpdated, WidgetStreamingTextValueDelta } from '../events.ts'
import type { WidgetRoot } from '../types.ts'
import { isWidgetObject, widgetChildren, type WidgetObject } from './widgetChildren.ts'

/** What {@link diffWidget} answers: text appended to streaming components, or a whole new root. */
export type WidgetUpdate = WidgetStreamingTextValueDelta | WidgetRootUpdated

const isStreamingText = (node: WidgetObject) =>
  (node.type === 'Text' || node.type === 'Markdown') && typeof node.value === 'string'

/** Python's `==` on JSON values, where an absent field equals a `None` one. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null)
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((item, i) => sameValue(item, b[i]))
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const left = a as Record<string, unknown>
    const right = b as Record<string, unknown>
    const keys = new Set([...Object.keys(left), ...Object.keys(right)])
    return [...keys].every((key) => sameValue(left[key], right[key]))
  }
  return a === b
}

/** chatkit-python's `full_replace_value`: lists item by item, components by their fields. */
function valueNeedsReplace(before: unknown, after: unknown, componentField: boolean): boolean {
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length !== after.length) return true
    return before.some((item, i) => valueNeedsReplace(item, after[i], componentField))
  }
  if (sameValue(before, after)) return false
  if (componentField && isWidgetObject(before) && isWidgetObject(after)) return needsReplace(before, after)
  return true
}

/**
 * chatkit-python's `full_replace`: a different type, id or key, or any field that changed, except
 * text appended to a streaming Text or Markdown.
 */
function needsReplace(before: WidgetObject, after: WidgetObject): boolean {
  for (const field of ['type', 'id', 'key']) if (!sameValue(before[field], after[field])) return true
  const appended =
    isStreamingText(before) &&
    isStreamingText(after) &&
    (after.value as string).startsWith(before.value as string)
  const fields = new Set([...Object.keys(before), ...Object.keys(after)])
  for (const field of fields) {
    if (field === 'value' && appended) continue
    // Components sit under `children` (a list, or one component); other fields are plain values.
    if (valueNeedsReplace(before[field], after[field], field === 'children')) return true
  }
  return false
}

/** The streaming Text and Markdown components that have an `id`, depth first. */
function streamingTexts(
  root: WidgetObject,
  into = new Map<string, WidgetObject>(),
): Map<string, WidgetObject> {
  if (isStreamingText(root) && typeof root.id === 'string' && root.id !== '') into.set(root.id, root)
  for (const child of widgetChildren(root)) streamingTexts(child, into)
  return into
}

/**
 * The updates that turn widget `before` into `after`, as chatkit-python's `diff_widget` gives
 * them: when only the text of Text / Markdown components with an `id` grew, one
 * `widget.streaming_text.value_delta` per component that grew (`done` once it is no longer
 * `streaming`); when anything else changed, one `widget.root.updated` with the whole of `after`.
 * Nothing when nothing changed — nor when only a Text without an `id` grew (ChatKit cannot address
 * it; chatkit-python sends nothing then either). A `children` that is one component (not a list)
 * is walked too.
 */
export function diffWidget(before: WidgetRoot, after: WidgetRoot): WidgetUpdate[] {
  if (needsReplace(before, after)) return [{ type: 'widget.root.updated', widget: after }]
  const old = streamingTexts(before)
  const updates: WidgetUpdate[] = []
  for (const [id, node] of streamingTexts(after)) {
    const was = old.get(id)?.value
    const now = node.value as string
    if (was === now) continue
    // chatkit-python raises here; the tree check above already replaced the root in every case
    // that reaches it (same structure, same ids), so this is only a guard.
    if (typeof was !== 'string' || !now.startsWith(was))
      return [{ type: 'widget.root.updated', widget: after }]
    updates.push({
      type: 'widget.streaming_text.value_delta',
      component_id: id,
      delta: now.slice(was.length),
      done: node.streaming !== true,
    })
  }
  return updates
}
