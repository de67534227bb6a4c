import type { z } from 'zod'

/** The parts of a zod 4 schema's definition that say where a path goes. */
interface SchemaDef {
  type?: string
  shape?: Record<string, unknown>
  element?: unknown
  valueType?: unknown
  innerType?: unknown
  in?: unknown
}

const defOf = (schema: unknown): SchemaDef | undefined =>
  typeof schema === 'object' && schema !== null && '_zod' in schema
    ? (schema as { _zod: { def: SchemaDef } })._zod.def
    : undefined

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'])

/** The schema under its wrappers (`.optional()`, `.default()`, a pipe's input...). */
function unwrap(schema: unknown): SchemaDef | undefined {
  let def = defOf(schema)
  for (let depth = 0; def && depth < 16; depth++) {
    if (def.type && WRAPPERS.has(def.type)) def = defOf(def.innerType)
    else if (def.type === 'pipe') def = defOf(def.in)
    else break
  }
  return def
}

/**
 * The path of an issue, as far as the schema itself names it: an object's own keys and array
 * indices are kept, a record's key (chosen by the browser) shows as `*`, and the path stops where
 * the schema names nothing more. No segment the browser chose reaches the answer.
 */
function schemaPath(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const named: string[] = []
  let current: unknown = schema
  for (const segment of path) {
    const def = unwrap(current)
    if (
      def?.type === 'object' &&
      typeof segment === 'string' &&
      def.shape &&
      Object.hasOwn(def.shape, segment)
    ) {
      named.push(segment)
      current = def.shape[segment]
    } else if (def?.type === 'array' && typeof segment === 'number') {
      named.push(String(segment))
      current = def.element
    } else if (def?.type === 'record') {
      named.push('*')
      current = def.valueType
    } else break
  }
  return named
}

/**
 * The first issue of a payload that failed `schema`, as a path under `prefix` and a message that
 * never repeats what the browser sent: zod's messages name the expected and the received type,
 * except for unknown keys, which they quote (said here without the keys).
 */
export function payloadIssue(
  schema: z.ZodType,
  error: z.ZodError,
  prefix: string,
): { path: string; message: string } {
  const issue = error.issues[0]
  const path = [prefix, ...schemaPath(schema, issue?.path ?? [])].join('.')
  const message =
    issue === undefined
      ? 'invalid payload'
      : issue.code === 'unrecognized_keys'
        ? 'unknown field'
        : issue.message
  return { path, message }
}
