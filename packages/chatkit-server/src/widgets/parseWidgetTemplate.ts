import { Validator, type Schema, type SchemaDraft } from '@cfworker/json-schema'
import type { WidgetRoot } from '../types.ts'
import { compileJinja } from './compileJinja.ts'
import { serializeWidget } from './serializeWidget.ts'
import { WidgetTemplateError } from './widgetTemplateError.ts'

/** What a template builds: a `Card`, `ListView` or `Basic` root whose fields the template chose. */
export type DynamicWidgetRoot = WidgetRoot & { type: 'Card' | 'ListView' | 'Basic' }

/** A Widget Builder `.widget` file, read and compiled. */
export interface WidgetTemplate<TData extends Record<string, unknown> = Record<string, unknown>> {
  /** The file's `version` (always `1.0`). */
  readonly version: string
  /** The widget's name in Widget Builder. */
  readonly name: string
  /** The JSON Schema the data must match (`{}` when the file has none). */
  readonly jsonSchema: Record<string, unknown>
  /** The widget Widget Builder showed for its sample data (`outputJsonPreview`), when the file has it. */
  readonly preview: Record<string, unknown> | undefined
  /**
   * The sample data of Widget Builder (the `defaultState` inside the file's `encodedWidget`), when
   * the file has it and it reads: `build(template.sampleData)` gives the preview.
   */
  readonly sampleData: Record<string, unknown> | undefined
  /**
   * The widget for `data`: the data is checked against `jsonSchema` (a mismatch fails with
   * `invalid_data` and the field's `path`), the template rendered as jinja2 renders it, the JSON
   * parsed and checked to be a widget root, and its null fields dropped.
   */
  build(data?: TData): DynamicWidgetRoot
}

const ROOT_TYPES = new Set(['Card', 'ListView', 'Basic'])
const DRAFTS: Record<string, SchemaDraft> = {
  'https://json-schema.org/draft/2020-12/schema': '2020-12',
  'https://json-schema.org/draft/2019-09/schema': '2019-09',
  'http://json-schema.org/draft-07/schema': '7',
  'http://json-schema.org/draft-04/schema': '4',
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const pointer = (path: (string | number)[]) =>
  path.map((part) => `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')

/** Refuses what JSON has no value for (functions, class instances, NaN...), naming where it is. */
function checkJson(value: unknown, path: (string | number)[]): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return
  } else if (Array.isArray(value)) return value.forEach((item, i) => checkJson(item, [...path, i]))
  else if (
    isObject(value) &&
    [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null)
  ) {
    for (const [key, field] of Object.entries(value))
      if (field !== undefined) checkJson(field, [...path, key])
    return
  }
  throw new WidgetTemplateError(
    'invalid_data',
    `the data at ${pointer(path) || 'its root'} is not a JSON value`,
    pointer(path),
  )
}

/** What chatkit-python's `DynamicWidgetRoot` model accepts: a root type, string ids and keys, components as children. */
function checkShape(value: unknown, path: (string | number)[], root: boolean): void {
  const fail = (what: string) =>
    new WidgetTemplateError(
      'invalid_output',
      `the rendered widget at ${pointer(path) || 'its root'} ${what}`,
      pointer(path),
    )
  if (!isObject(value)) throw fail('is not an object')
  if (typeof value.type !== 'string') throw fail('has no string type')
  if (root && !ROOT_TYPES.has(value.type)) throw fail('is not a Card, ListView or Basic root')
  for (const field of ['id', 'key'])
    if (value[field] !== null && value[field] !== undefined && typeof value[field] !== 'string')
      throw fail(`has a ${field} that is not a string`)
  const children = value.children
  if (Array.isArray(children))
    children.forEach((child, i) => checkShape(child, [...path, 'children', i], false))
  else if (children !== null && children !== undefined) checkShape(children, [...path, 'children'], false)
}

/** The `defaultState` of a Widget Builder `encodedWidget` (base64url JSON), or undefined. */
function decodeSampleData(encoded: unknown): Record<string, unknown> | undefined {
  if (typeof encoded !== 'string') return undefined
  try {
    const base64 = encoded
      .replaceAll('-', '+')
      .replaceAll('_', '/')
      .padEnd(Math.ceil(encoded.length / 4) * 4, '=')
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return isObject(payload) && isObject(payload.defaultState) ? payload.defaultState : undefined
  } catch {
    return undefined
  }
}

function readDefinition(source: string | object): Record<string, unknown> {
  let definition: unknown = source
  if (typeof source === 'string') {
    try {
      definition = JSON.parse(source)
    } catch {
      throw new WidgetTemplateError('invalid_file', 'a .widget file is JSON, and this is not')
    }
  }
  if (!isObject(definition)) throw new WidgetTemplateError('invalid_file', 'a .widget file is a JSON object')
  for (const field of ['version', 'name', 'template'])
    if (typeof definition[field] !== 'string')
      throw new WidgetTemplateError('invalid_file', `a .widget file needs a string ${field}`)
  if (definition.version !== '1.0')
    throw new WidgetTemplateError(
      'unsupported_version',
      'only version 1.0 of the .widget format is supported',
    )
  if (
    definition.jsonSchema !== undefined &&
    !isObject(definition.jsonSchema) &&
    typeof definition.jsonSchema !== 'boolean'
  )
    throw new WidgetTemplateError('invalid_file', 'a .widget file’s jsonSchema is a JSON Schema object')
  return definition
}

/** The JSON pointer of the field a schema error is about, most specific error first. */
function errorPath(errors: { instanceLocation: string; keyword: string; error: string }[]): {
  path: string
  keyword: string
} {
  const deepest = [...errors].sort((a, b) => b.instanceLocation.length - a.instanceLocation.length)[0]
  if (!deepest) return { path: '', keyword: 'schema' }
  let path = deepest.instanceLocation.replace(/^#/, '')
  // A missing required property: name the property (a name from the schema, not a value).
  const missing = deepest.keyword === 'required' ? /property "(.*)"/.exec(deepest.error)?.[1] : undefined
  if (missing !== undefined) path += pointer([missing])
  return { path, keyword: deepest.keyword }
}

/**
 * Reads a Widget Builder `.widget` file (its JSON text, or the object `JSON.parse` gave) into a
 * template whose `build(data)` gives the widget, as chatkit-python's `WidgetTemplate` does. The
 * template is compiled here, so a template this engine cannot read fails now (`template_syntax`),
 * not at the first build.
 *
 * ```ts
 * const template = parseWidgetTemplate(await readFile('order.widget', 'utf8'))
 * const widget = template.build({ orderId: 'A1', items: [] })
 * ```
 */
export function parseWidgetTemplate<TData extends Record<string, unknown> = Record<string, unknown>>(
  source: string | object,
): WidgetTemplate<TData> {
  const definition = readDefinition(source)
  const template = compileJinja(definition.template as string)
  const jsonSchema = isObject(definition.jsonSchema) ? definition.jsonSchema : {}
  const draft = DRAFTS[String(jsonSchema.$schema ?? '').replace(/#$/, '')] ?? '2020-12'
  // Short-circuit: the first failure's chain of errors ends at the field that failed.
  const validator = new Validator(jsonSchema as Schema, draft, true)
  return {
    version: definition.version as string,
    name: definition.name as string,
    jsonSchema,
    preview: isObject(definition.outputJsonPreview) ? definition.outputJsonPreview : undefined,
    sampleData: decodeSampleData(definition.encodedWidget),
    build(data) {
      const input: unknown = data ?? {}
      if (!isObject(input))
        throw new WidgetTemplateError('invalid_data', 'the data is an object of named fields', '')
      checkJson(input, [])
      const result = validator.validate(input)
      if (!result.valid) {
        const { path, keyword } = errorPath(result.errors)
        throw new WidgetTemplateError(
          'invalid_data',
          `the data at ${path || 'its root'} does not match the widget's schema (${keyword})`,
          path,
        )
      }
      const rendered = template.render(input)
      let widget: unknown
      try {
        widget = JSON.parse(rendered)
      } catch {
        throw new WidgetTemplateError('invalid_output', 'the template did not render JSON', '')
      }
      checkShape(widget, [], true)
      return serializeWidget(widget as DynamicWidgetRoot)
    },
  }
}
