import { isRecord } from '@chatkit-session/core'

/** Whether `value` is an object literal (or `Object.create(null)`): not a `Date`, a `Map` or a class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}
