// Python's value semantics, as jinja2 gives them to a template: `None` / `True` print as such,
// `2.0` stays a float, `1 == True`, `len` counts code points, `tojson` is jinja2's
// `htmlsafe_json_dumps` (sorted keys, `", "` and `": "`, ASCII only, `<>&'` escaped). Values are
// plain JavaScript values (null, booleans, numbers, strings, arrays, plain objects) plus the few
// classes below for what JavaScript has no value for.
import { WidgetTemplateError } from './widgetTemplateError.ts'

/** The characters of Python's whitespace (`str.isspace`), for a regular expression's class. */
export const PY_SPACE =
  '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'

/** A float whose value is a whole number (`2.0`): a plain number that is whole is an int. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/**
 * Jinja's undefined: `strict` is StrictUndefined (every use but `is defined` and `default` fails),
 * the other is the plain Undefined of an inline `if` without `else` (prints as nothing).
 */
export class PyUndefined {
  constructor(
    readonly strict: boolean,
    /** What was looked up, for the error message (a name of the template, never data). */
    readonly hint: string,
  ) {}
}

/** A callable: a global (`range`), a bound method (`'a'.upper`), `loop.cycle`. */
export class PyCallable {
  constructor(
    readonly name: string,
    readonly call: (args: unknown[], kwargs: Record<string, unknown>) => unknown,
  ) {}
}

/**
 * What Python gives lazily: a generator (`items`, `map`, `reverse` of a list: its errors come
 * when it is walked, it is always true, it has no length and is not JSON) or, when `sized`, a view
 * or range (`d.items()`, `range(3)`: true when not empty, with a length). Neither prints as Python
 * prints it (an address), so printing one fails.
 */
export class PyIterator {
  constructor(
    readonly produce: () => unknown[],
    readonly sized = false,
  ) {}
}

/** `namespace(...)`: an object whose attributes `{% set ns.x = ... %}` may set. */
export class PyNamespace {
  constructor(readonly attrs: Map<string, unknown>) {}
}

/** A rendering failure: Python would raise here. The message names no data value. */
export function renderError(message: string): WidgetTemplateError {
  return new WidgetTemplateError('template_render', message)
}

/** Fails on a strict undefined, as StrictUndefined does on any use. */
export function checkDefined(value: unknown): void {
  if (value instanceof PyUndefined && value.strict) throw renderError(`${value.hint} is undefined`)
}

/** Tuples (from `(a, b)`, `items`) are arrays marked here: they print as `(a, b)`. */
const tuples = new WeakSet<unknown[]>()

/** A tuple of these items. */
export function makeTuple(items: unknown[]): unknown[] {
  tuples.add(items)
  return items
}

export type PyType =
  | 'NoneType'
  | 'tuple'
  | 'bool'
  | 'int'
  | 'float'
  | 'str'
  | 'list'
  | 'dict'
  | 'Undefined'
  | 'function'
  | 'namespace'
  | 'generator'
  | 'object'

export function isDict(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** Python's type name of a value. */
export function pyType(value: unknown): PyType {
  if (value === null) return 'NoneType'
  if (typeof value === 'boolean') return 'bool'
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float'
  if (value instanceof PyFloat) return 'float'
  if (typeof value === 'string') return 'str'
  if (Array.isArray(value)) return tuples.has(value) ? 'tuple' : 'list'
  if (value instanceof PyUndefined) return 'Undefined'
  if (value instanceof PyCallable) return 'function'
  if (value instanceof PyNamespace) return 'namespace'
  if (value instanceof PyIterator) return 'generator'
  if (isDict(value)) return 'dict'
  return 'object'
}

/** Whether a value is a number to Python (bools are ints). */
export function isNumeric(value: unknown): value is number | boolean | PyFloat {
  return typeof value === 'number' || typeof value === 'boolean' || value instanceof PyFloat
}

export function isFloat(value: unknown): boolean {
  return pyType(value) === 'float'
}

/** The number a numeric value stands for. */
export function numberOf(value: number | boolean | PyFloat): number {
  if (typeof value === 'boolean') return value ? 1 : 0
  return value instanceof PyFloat ? value.value : value
}

/** A number as Python would hold it: a float when `float` (so `2.0` stays one), else an int (never -0). */
export function makeNumber(value: number, float: boolean): number | PyFloat {
  if (!float) return value === 0 ? 0 : value
  return Number.isInteger(value) ? new PyFloat(value) : value
}

/** Python's `repr` of a float: the shortest round-trip digits, `.0` on whole numbers, `e+16`. */
export function floatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan'
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf'
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0'
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e')
  const sign = value < 0 ? '-' : ''
  const digits = mantissa.replace('-', '').replace('.', '')
  const exp = Number(exponent)
  if (exp < -4 || exp >= 16) {
    const rest = digits.length > 1 ? `.${digits.slice(1)}` : ''
    return `${sign}${digits[0] ?? ''}${rest}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`
  const whole = digits.padEnd(exp + 1, '0')
  const fraction = digits.slice(exp + 1)
  return `${sign}${whole.slice(0, exp + 1)}.${fraction === '' ? '0' : fraction}`
}

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u

/** Python's `repr` of a string. */
function strRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'"
  let out = quote
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0
    if (char === quote || char === '\\') out += `\\${char}`
    else if (char === '\n') out += '\\n'
    else if (char === '\r') out += '\\r'
    else if (char === '\t') out += '\\t'
    else if (char !== ' ' && NON_PRINTABLE.test(char)) {
      const hex = code.toString(16)
      out +=
        code < 0x100
          ? `\\x${hex.padStart(2, '0')}`
          : code < 0x10000
            ? `\\u${hex.padStart(4, '0')}`
            : `\\U${hex.padStart(8, '0')}`
    } else out += char
  }
  return out + quote
}

/** Python's `repr`. */
export function pyRepr(value: unknown): string {
  return typeof value === 'string' ? strRepr(value) : pyStr(value)
}

/** Python's `str`, as `{{ value }}` prints it. */
export function pyStr(value: unknown): string {
  checkDefined(value)
  switch (pyType(value)) {
    case 'NoneType':
      return 'None'
    case 'bool':
      return value ? 'True' : 'False'
    case 'int':
      return String(value)
    case 'float':
      return floatRepr(numberOf(value as number | PyFloat))
    case 'str':
      return value as string
    case 'list':
      return `[${(value as unknown[]).map(pyRepr).join(', ')}]`
    case 'tuple': {
      const items = value as unknown[]
      return items.length === 1 ? `(${pyRepr(items[0])},)` : `(${items.map(pyRepr).join(', ')})`
    }
    case 'dict':
      return `{${Object.entries(value as Record<string, unknown>)
        .map(([key, field]) => `${strRepr(key)}: ${pyRepr(field)}`)
        .join(', ')}}`
    case 'Undefined':
      return ''
    default:
      throw renderError(`a ${pyType(value)} cannot be printed as Python prints it`)
  }
}

/** Python's truth value. */
export function pyTruthy(value: unknown): boolean {
  checkDefined(value)
  switch (pyType(value)) {
    case 'NoneType':
    case 'Undefined':
      return false
    case 'bool':
    case 'int':
    case 'float':
      return numberOf(value as number) !== 0
    case 'str':
      return value !== ''
    case 'list':
    case 'tuple':
      return (value as unknown[]).length > 0
    case 'dict':
      return Object.keys(value as object).length > 0
    case 'generator':
      return !(value as PyIterator).sized || (value as PyIterator).produce().length > 0
    default:
      return true
  }
}

/** Python's `==`. */
export function pyEquals(a: unknown, b: unknown): boolean {
  checkDefined(a)
  checkDefined(b)
  if (isNumeric(a) && isNumeric(b)) return numberOf(a) === numberOf(b)
  const type = pyType(a)
  if (type !== pyType(b)) return false
  if (type === 'Undefined') return true
  if (type === 'list' || type === 'tuple') {
    const left = a as unknown[]
    const right = b as unknown[]
    return left.length === right.length && left.every((entry, i) => pyEquals(entry, right[i]))
  }
  if (type === 'dict') {
    const left = a as Record<string, unknown>
    const right = b as Record<string, unknown>
    const keys = Object.keys(left)
    return (
      keys.length === Object.keys(right).length &&
      keys.every((key) => key in right && pyEquals(left[key], right[key]))
    )
  }
  return a === b
}

/** Compares code point by code point (Python's string order), not UTF-16 unit by unit. */
export function compareCodePoints(a: string, b: string): number {
  const left = [...a]
  const right = [...b]
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0)
    if (diff !== 0) return diff
  }
  return left.length - right.length
}

/** Python's ordering (`<`): numbers, strings, lists; anything else is a TypeError. */
export function pyCompare(a: unknown, b: unknown): number {
  checkDefined(a)
  checkDefined(b)
  if (isNumeric(a) && isNumeric(b)) return numberOf(a) - numberOf(b)
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b)
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++)
      if (!pyEquals(a[i], b[i])) return pyCompare(a[i], b[i])
    return a.length - b.length
  }
  throw renderError(`'<' is not supported between a ${pyType(a)} and a ${pyType(b)}`)
}

/** Python's `len`. */
export function pyLen(value: unknown): number {
  checkDefined(value)
  if (value instanceof PyUndefined) return 0
  if (value instanceof PyIterator && value.sized) return value.produce().length
  if (typeof value === 'string') return codePoints(value).length
  if (Array.isArray(value)) return value.length
  if (isDict(value)) return Object.keys(value).length
  throw renderError(`a ${pyType(value)} has no length`)
}

/** What a `for` loop or `list()` walks: a list's items, a dict's keys, a string's characters. */
export function pyIterate(value: unknown): unknown[] {
  checkDefined(value)
  if (Array.isArray(value)) return value
  if (typeof value === 'string') return [...value]
  if (isDict(value)) return Object.keys(value)
  if (value instanceof PyUndefined) return []
  if (value instanceof PyIterator) return value.produce()
  throw renderError(`a ${pyType(value)} is not iterable`)
}

// Printable ASCII without a quote or a backslash is written as it is.
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/

function jsonString(value: string): string {
  if (PLAIN_ASCII.test(value)) return `"${value}"`
  let out = '"'
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0
    if (char === '"' || char === '\\') out += `\\${char}`
    else if (char === '\n') out += '\\n'
    else if (char === '\r') out += '\\r'
    else if (char === '\t') out += '\\t'
    else if (char === '\b') out += '\\b'
    else if (char === '\f') out += '\\f'
    else if (code >= 0x20 && code < 0x7f) out += char
    else for (let i = 0; i < char.length; i++) out += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`
  }
  return `${out}"`
}

function jsonDumps(value: unknown, indent: string | undefined, depth: number): string {
  checkDefined(value)
  const newline = indent === undefined ? '' : `\n${indent.repeat(depth + 1)}`
  const close = indent === undefined ? '' : `\n${indent.repeat(depth)}`
  const comma = indent === undefined ? ', ' : ','
  switch (pyType(value)) {
    case 'NoneType':
      return 'null'
    case 'bool':
      return value ? 'true' : 'false'
    case 'int':
      return String(value)
    case 'float': {
      const number = numberOf(value as number | PyFloat)
      if (Number.isNaN(number)) return 'NaN'
      if (!Number.isFinite(number)) return number > 0 ? 'Infinity' : '-Infinity'
      return floatRepr(number)
    }
    case 'str':
      return jsonString(value as string)
    case 'list':
    case 'tuple': {
      const items = value as unknown[]
      if (items.length === 0) return '[]'
      return `[${newline}${items.map((item) => jsonDumps(item, indent, depth + 1)).join(comma + newline)}${close}]`
    }
    case 'dict': {
      const dict = value as Record<string, unknown>
      const keys = Object.keys(dict)
        .filter((key) => dict[key] !== undefined)
        .sort(compareCodePoints)
      if (keys.length === 0) return '{}'
      const fields = keys.map((key) => `${jsonString(key)}: ${jsonDumps(dict[key], indent, depth + 1)}`)
      return `{${newline}${fields.join(comma + newline)}${close}}`
    }
    default:
      throw renderError(`a ${pyType(value)} is not JSON serializable`)
  }
}

const HTML_UNSAFE = /[<>&']/g
const HTML_SAFE: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', "'": '\\u0027' }

/** A string's characters as Python counts them (code points); the string itself when that is the same. */
export function codePoints(value: string): string | string[] {
  return /[\uD800-\uDFFF]/.test(value) ? [...value] : value
}

/**
 * jinja2's `tojson`: `json.dumps(value, sort_keys=True)` (with `indent` when given), then `<`,
 * `>`, `&` and `'` written as `\u003c`... so that the result is safe in HTML.
 */
export function pyToJson(value: unknown, indent?: number | string): string {
  const pad = typeof indent === 'number' ? ' '.repeat(indent) : indent
  return jsonDumps(value, pad, 0).replace(HTML_UNSAFE, (char) => HTML_SAFE[char] ?? char)
}

/** The exact decimal digits of a finite double (`0.125` is `125` with point 3). */
function exactDecimal(value: number): { digits: bigint; scale: number } {
  if (Number.isInteger(value)) return { digits: BigInt(value), scale: 0 }
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, Math.abs(value))
  const bits = view.getBigUint64(0)
  const exponent = Number((bits >> 52n) & 0x7ffn)
  const fraction = bits & 0xfffffffffffffn
  const mantissa = exponent === 0 ? fraction : fraction | (1n << 52n)
  const shift = (exponent === 0 ? 1 : exponent) - 1075
  // value = mantissa * 2^shift with shift < 0 here: mantissa * 5^-shift / 10^-shift.
  const digits = mantissa * 5n ** BigInt(-shift)
  return { digits: value < 0 ? -digits : digits, scale: -shift }
}

/**
 * Python's `round(value, ndigits)` on a float: the exact binary value rounded half to even
 * (`round(2.5)` is `2`, `round(0.125, 2)` is `0.12`).
 */
export function pyRoundFloat(value: number, ndigits: number): number {
  if (!Number.isFinite(value)) return value
  const { digits, scale } = exactDecimal(value)
  const drop = scale - ndigits
  if (drop <= 0) return value
  const divisor = 10n ** BigInt(drop)
  const negative = digits < 0n
  const magnitude = negative ? -digits : digits
  let kept = magnitude / divisor
  const rest = magnitude % divisor
  const twice = rest * 2n
  if (twice > divisor || (twice === divisor && kept % 2n === 1n)) kept += 1n
  const signed = negative ? -kept : kept
  const result = ndigits >= 0 ? Number(`${signed}e-${ndigits}`) : Number(signed) * 10 ** -ndigits
  return result === 0 && negative ? -0 : result
}
