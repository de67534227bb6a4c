/** A widget node as a plain object: `type`, maybe `id` and `children`, and its own fields. */
export type WidgetObject = Record<string, unknown>

const isObject = (value: unknown): value is WidgetObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * A node's children as a list: `children` may be a list or one component (a `Transition`'s, or a
 * template's). chatkit-python's `diff_widget` walks only lists; its unmerged PRs 113 and 115 fix
 * the single child, as this does.
 */
export function widgetChildren(node: WidgetObject): WidgetObject[] {
  const children = node.children
  if (Array.isArray(children)) return children.filter(isObject)
  return isObject(children) ? [children] : []
}

/** Whether a value is a widget component: an object with a string `type`. */
export function isWidgetObject(value: unknown): value is WidgetObject {
  return isObject(value) && typeof value.type === 'string'
}

/** The first node of the tree, depth first, whose `id` is `id`. */
export function findWidgetComponent(root: unknown, id: string): WidgetObject | undefined {
  if (!isObject(root)) return undefined
  if (root.id === id) return root
  for (const child of widgetChildren(root)) {
    const found = findWidgetComponent(child, id)
    if (found) return found
  }
  return undefined
}
