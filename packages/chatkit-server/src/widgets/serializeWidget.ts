function dropNullish(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((entry) => entry != null).map(dropNullish)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) if (field != null) out[key] = dropNullish(field)
  return out
}

/**
 * A widget (or any part of one) as it goes on the wire: a copy with every `null` and `undefined`
 * left out, in objects and in arrays, at every depth, as chatkit-python's widgets serialise
 * (`exclude_none`, and its `_drop_none` for nested values). The argument is left as it was.
 */
export function serializeWidget<T>(widget: T): T {
  return dropNullish(widget) as T
}
