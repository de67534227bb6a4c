// The filters, tests, globals and methods a template may use, each with jinja2 3.1's behaviour
// over Python values (see pyValues.ts). A filter or test not listed here fails when the template
// is read, not when it renders.
import {
  PyCallable,
  PyFloat,
  PyIterator,
  PyNamespace,
  PyUndefined,
  checkDefined,
  isDict,
  isFloat,
  isNumeric,
  PY_SPACE,
  makeNumber,
  makeTuple,
  numberOf,
  pyCompare,
  pyEquals,
  pyIterate,
  pyLen,
  pyRoundFloat,
  pyStr,
  pyToJson,
  pyTruthy,
  pyType,
  renderError,
} from './pyValues.ts'

/** What a filter gets besides its value: its arguments, and how to call another filter. */
export interface FilterCall {
  args: unknown[]
  kwargs: Record<string, unknown>
  /** Calls another filter (for `map('upper')`). */
  filter: (name: string, value: unknown, args: unknown[]) => unknown
  /** Jinja's attribute lookup (for `map(attribute=...)`, `join(attribute=...)`). */
  getattr: (value: unknown, name: string) => unknown
}

function arg(call: FilterCall, index: number, name: string, fallback: unknown): unknown {
  if (index < call.args.length) return call.args[index]
  return name in call.kwargs ? call.kwargs[name] : fallback
}

const SPACE_RUN = `[${PY_SPACE}]+`
const STRIP = {
  both: new RegExp(`^${SPACE_RUN}|${SPACE_RUN}$`, 'g'),
  start: new RegExp(`^${SPACE_RUN}`),
  end: new RegExp(`${SPACE_RUN}$`),
}

function strip(value: string, chars: unknown, side: 'both' | 'start' | 'end'): string {
  if (chars === null || chars === undefined) return value.replace(STRIP[side], '')
  const set = new Set([...pyStr(chars)])
  const points = [...value]
  let from = 0
  let to = points.length
  if (side !== 'end') while (from < to && set.has(points[from] ?? '')) from++
  if (side !== 'start') while (to > from && set.has(points[to - 1] ?? '')) to--
  return points.slice(from, to).join('')
}

function pyInt(value: unknown): number | undefined {
  checkDefined(value)
  if (typeof value === 'string') {
    const text = value.trim().replace(/(\d)_(?=\d)/g, '$1')
    if (/^[+-]?\d+$/.test(text)) return Number(text)
    return undefined
  }
  if (isNumeric(value)) {
    const number = numberOf(value)
    return Number.isFinite(number) ? Math.trunc(number) : undefined
  }
  return undefined
}

function pyFloat(value: unknown): number | undefined {
  checkDefined(value)
  if (isNumeric(value)) return numberOf(value)
  if (typeof value !== 'string') return undefined
  const text = value
    .trim()
    .replace(/(\d)_(?=\d)/g, '$1')
    .toLowerCase()
  if (/^[+-]?(inf|infinity)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity
  if (/^[+-]?nan$/.test(text)) return NaN
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(text)) return Number(text)
  return undefined
}

function roundInt(value: number, precision: number): number {
  if (precision >= 0) return value
  const unit = 10 ** -precision
  const floor = Math.floor(value / unit)
  const rest = value - floor * unit
  const kept = rest * 2 > unit || (rest * 2 === unit && floor % 2 !== 0) ? floor + 1 : floor
  return kept * unit
}

function htmlEscape(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('>', '&gt;')
    .replaceAll('<', '&lt;')
    .replaceAll("'", '&#39;')
    .replaceAll('"', '&#34;')
}

function titleCase(value: string): string {
  return value
    .split(/([-\s({[<]+)/u)
    .filter((part) => part !== '')
    .map((part) => {
      const [first = '', ...rest] = [...part]
      return first.toUpperCase() + rest.join('').toLowerCase()
    })
    .join('')
}

function capitalize(value: string): string {
  const [first = '', ...rest] = [...value]
  return first.toUpperCase() + rest.join('').toLowerCase()
}

function sortKey(value: unknown, caseSensitive: boolean): unknown {
  return !caseSensitive && typeof value === 'string' ? value.toLowerCase() : value
}

function extreme(value: unknown, call: FilterCall, sign: 1 | -1): unknown {
  const caseSensitive = pyTruthy(arg(call, 0, 'case_sensitive', false))
  const attribute = arg(call, 1, 'attribute', null)
  const items = pyIterate(value)
  if (items.length === 0) return new PyUndefined(true, 'the smallest or largest item of an empty sequence')
  const key = (item: unknown) =>
    sortKey(attribute === null ? item : call.getattr(item, pyStr(attribute)), caseSensitive)
  return items.reduce((best, item) => (sign * pyCompare(key(item), key(best)) < 0 ? item : best))
}

function sumOf(items: unknown[], start: unknown): unknown {
  let float = isFloat(start)
  let total = isNumeric(start) ? numberOf(start) : 0
  for (const item of items) {
    checkDefined(item)
    if (!isNumeric(item)) throw renderError(`a ${pyType(item)} cannot be summed`)
    float ||= isFloat(item)
    total += numberOf(item)
  }
  return makeNumber(total, float)
}

type Filter = (value: unknown, call: FilterCall) => unknown

/** jinja2's filters that this engine has. */
export const FILTERS: Record<string, Filter> = {
  tojson: (value, call) => {
    const indent = arg(call, 0, 'indent', null)
    return pyToJson(value, indent === null ? undefined : typeof indent === 'number' ? indent : pyStr(indent))
  },
  length: (value) => pyLen(value),
  count: (value) => pyLen(value),
  join: (value, call) => {
    const separator = pyStr(arg(call, 0, 'd', ''))
    const attribute = arg(call, 1, 'attribute', null)
    return pyIterate(value)
      .map((item) => pyStr(attribute === null ? item : call.getattr(item, pyStr(attribute))))
      .join(separator)
  },
  default: (value, call) => {
    const fallback = arg(call, 0, 'default_value', '')
    const boolean = pyTruthy(arg(call, 1, 'boolean', false))
    if (value instanceof PyUndefined || (boolean && !pyTruthy(value))) return fallback
    return value
  },
  d: (value, call) => FILTERS.default?.(value, call),
  upper: (value) => pyStr(value).toUpperCase(),
  lower: (value) => pyStr(value).toLowerCase(),
  capitalize: (value) => capitalize(pyStr(value)),
  title: (value) => titleCase(pyStr(value)),
  trim: (value, call) => strip(pyStr(value), arg(call, 0, 'chars', null), 'both'),
  string: (value) => pyStr(value),
  int: (value, call) => {
    const direct = pyInt(value)
    if (direct !== undefined) return direct
    const float = typeof value === 'string' ? pyFloat(value) : undefined
    return float !== undefined && Number.isFinite(float) ? Math.trunc(float) : arg(call, 0, 'default', 0)
  },
  float: (value, call) => {
    const float = pyFloat(value)
    return float === undefined ? arg(call, 0, 'default', new PyFloat(0)) : makeNumber(float, true)
  },
  abs: (value) => {
    checkDefined(value)
    if (!isNumeric(value)) throw renderError(`a ${pyType(value)} has no absolute value`)
    return makeNumber(Math.abs(numberOf(value)), isFloat(value))
  },
  round: (value, call) => {
    checkDefined(value)
    const precision = arg(call, 0, 'precision', 0)
    const method = arg(call, 1, 'method', 'common')
    if (!isNumeric(value) || typeof precision !== 'number') throw renderError('round takes a number')
    if (method === 'common') {
      if (!isFloat(value)) return roundInt(numberOf(value), precision)
      return makeNumber(pyRoundFloat(numberOf(value), precision), true)
    }
    if (method !== 'floor' && method !== 'ceil') throw renderError('round takes common, floor or ceil')
    const scale = 10 ** precision
    return makeNumber(Math[method](numberOf(value) * scale) / scale, true)
  },
  first: (value) => {
    const items = pyIterate(value)
    return items.length > 0 ? items[0] : new PyUndefined(true, 'the first item of an empty sequence')
  },
  last: (value) => {
    if (value instanceof PyIterator && !value.sized) throw renderError('a generator cannot be reversed')
    const items = typeof value === 'string' ? [...value] : pyIterate(value)
    return items.length > 0
      ? items[items.length - 1]
      : new PyUndefined(true, 'the last item of an empty sequence')
  },
  list: (value) => [...pyIterate(value)],
  reverse: (value) => {
    if (typeof value === 'string') return [...value].reverse().join('')
    // reversed() of a sequence is an iterator; a generator cannot be reversed, so it becomes a list.
    if (value instanceof PyIterator && !value.sized) return [...value.produce()].reverse()
    checkDefined(value)
    if (!Array.isArray(value) && !isDict(value) && !(value instanceof PyIterator))
      throw renderError(`a ${pyType(value)} cannot be reversed`)
    return new PyIterator(() => [...pyIterate(value)].reverse())
  },
  replace: (value, call) => {
    const text = pyStr(value)
    const old = pyStr(arg(call, 0, 'old', ''))
    const replacement = pyStr(arg(call, 1, 'new', ''))
    const count = arg(call, 2, 'count', null)
    return replaceCount(text, old, replacement, typeof count === 'number' ? count : -1)
  },
  safe: (value) => value,
  e: (value) => htmlEscape(pyStr(value)),
  escape: (value) => htmlEscape(pyStr(value)),
  items: (value) =>
    new PyIterator(() => {
      if (value instanceof PyUndefined) return []
      if (!isDict(value)) throw renderError(`a ${pyType(value)} has no items`)
      return Object.entries(value).map(([key, field]) => makeTuple([key, field]))
    }),
  sum: (value, call) => {
    const attribute = arg(call, 0, 'attribute', null)
    const items = pyIterate(value).map((item) =>
      attribute === null ? item : call.getattr(item, pyStr(attribute)),
    )
    return sumOf(items, arg(call, 1, 'start', 0))
  },
  min: (value, call) => extreme(value, call, 1),
  max: (value, call) => extreme(value, call, -1),
  map: (value, call) => new PyIterator(() => mapItems(value, call)),
}

function mapItems(value: unknown, call: FilterCall): unknown[] {
  const items = pyIterate(value)
  if ('attribute' in call.kwargs) {
    const attribute = pyStr(call.kwargs.attribute)
    return items.map((item) => {
      const found = call.getattr(item, attribute)
      return found instanceof PyUndefined && 'default' in call.kwargs ? call.kwargs.default : found
    })
  }
  const [name, ...rest] = call.args
  if (typeof name !== 'string') throw renderError('map takes a filter name or attribute=')
  return items.map((item) => call.filter(name, item, rest))
}

function replaceCount(text: string, old: string, replacement: string, count: number): string {
  if (count < 0)
    return old === ''
      ? [...text].map((char) => replacement + char).join('') + replacement
      : text.split(old).join(replacement)
  let out = ''
  let rest = text
  for (let i = 0; i < count; i++) {
    const at = rest.indexOf(old)
    if (at < 0) break
    out += rest.slice(0, at) + replacement
    rest = rest.slice(at + old.length)
  }
  return out + rest
}

type Test = (value: unknown, args: unknown[]) => boolean

const compareTest =
  (check: (order: number) => boolean): Test =>
  (value, [other]) =>
    check(pyCompare(value, other))

const numberTest =
  (check: (value: number) => boolean): Test =>
  (value) => {
    checkDefined(value)
    if (!isNumeric(value)) throw renderError(`a ${pyType(value)} is not a number`)
    return check(numberOf(value))
  }

/** jinja2's tests that this engine has. */
export const TESTS: Record<string, Test> = {
  defined: (value) => !(value instanceof PyUndefined),
  undefined: (value) => value instanceof PyUndefined,
  none: (value) => value === null,
  boolean: (value) => typeof value === 'boolean',
  true: (value) => value === true,
  false: (value) => value === false,
  integer: (value) => pyType(value) === 'int',
  float: (value) => pyType(value) === 'float',
  number: (value) => isNumeric(value),
  string: (value) => typeof value === 'string',
  mapping: (value) => isDict(value),
  sequence: (value) => typeof value === 'string' || Array.isArray(value) || isDict(value),
  iterable: (value) => typeof value === 'string' || Array.isArray(value) || isDict(value),
  callable: (value) => value instanceof PyCallable,
  lower: (value) => pyStr(value) === pyStr(value).toLowerCase(),
  upper: (value) => pyStr(value) === pyStr(value).toUpperCase(),
  even: numberTest((value) => value % 2 === 0),
  odd: numberTest((value) => Math.abs(value % 2) === 1),
  divisibleby: (value, [by]) => {
    checkDefined(value)
    if (!isNumeric(value) || !isNumeric(by)) throw renderError('divisibleby takes numbers')
    if (numberOf(by) === 0) throw renderError('division by zero')
    return numberOf(value) % numberOf(by) === 0
  },
  eq: (value, [other]) => pyEquals(value, other),
  ne: (value, [other]) => !pyEquals(value, other),
  lt: compareTest((order) => order < 0),
  le: compareTest((order) => order <= 0),
  gt: compareTest((order) => order > 0),
  ge: compareTest((order) => order >= 0),
  in: (value, [container]) => pyContains(container, value),
  escaped: () => false,
}
for (const [alias, name] of [
  ['==', 'eq'],
  ['equalto', 'eq'],
  ['!=', 'ne'],
  ['<', 'lt'],
  ['lessthan', 'lt'],
  ['<=', 'le'],
  ['>', 'gt'],
  ['greaterthan', 'gt'],
  ['>=', 'ge'],
] as const)
  TESTS[alias] = TESTS[name] as Test

/** Python's `item in container`. */
export function pyContains(container: unknown, item: unknown): boolean {
  checkDefined(container)
  checkDefined(item)
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw renderError(`'in <string>' needs a string, not a ${pyType(item)}`)
    return container.includes(item)
  }
  if (Array.isArray(container) || container instanceof PyIterator)
    return pyIterate(container).some((entry) => pyEquals(entry, item))
  if (isDict(container)) {
    if (Array.isArray(item) || isDict(item)) throw renderError(`a ${pyType(item)} cannot be a key`)
    return typeof item === 'string' && Object.hasOwn(container, item)
  }
  throw renderError(`a ${pyType(container)} cannot contain anything`)
}

function range(args: unknown[]): unknown[] {
  const numbers = args.map((value) => {
    if (typeof value !== 'number' && typeof value !== 'boolean') throw renderError('range takes integers')
    return numberOf(value)
  })
  const [start, stop, step = 1] = numbers.length === 1 ? [0, numbers[0] ?? 0] : numbers
  if (step === 0) throw renderError('range step must not be zero')
  const out: number[] = []
  for (let i = start ?? 0; step > 0 ? i < (stop ?? 0) : i > (stop ?? 0); i += step) {
    out.push(i)
    // jinja2 refuses ranges of more than 100,000 items (its MAX_RANGE).
    if (out.length > 100_000) throw renderError('a range of more than 100000 items')
  }
  return out
}

/** The globals of a jinja2 Environment that this engine has. */
export const GLOBALS: Record<string, unknown> = {
  range: new PyCallable('range', (args) => {
    const items = range(args)
    return new PyIterator(() => items, true)
  }),
  dict: new PyCallable('dict', (_args, kwargs) => ({ ...kwargs })),
  namespace: new PyCallable('namespace', (_args, kwargs) => new PyNamespace(new Map(Object.entries(kwargs)))),
}

const unsupported = (type: string, name: string) =>
  new PyCallable(name, () => {
    throw renderError(`${type}.${name}() is not supported`)
  })

const DICT_METHODS = [
  'clear',
  'copy',
  'fromkeys',
  'get',
  'items',
  'keys',
  'pop',
  'popitem',
  'setdefault',
  'update',
  'values',
]
const LIST_METHODS = [
  'append',
  'clear',
  'copy',
  'count',
  'extend',
  'index',
  'insert',
  'pop',
  'remove',
  'reverse',
  'sort',
]
const STR_METHODS =
  'capitalize casefold center count encode endswith expandtabs find format format_map index isalnum isalpha isascii isdecimal isdigit isidentifier islower isnumeric isprintable isspace istitle isupper join ljust lower lstrip maketrans partition removeprefix removesuffix replace rfind rindex rjust rpartition rsplit rstrip split splitlines startswith strip swapcase title translate upper zfill'.split(
    ' ',
  )

function split(value: string, separator: unknown, limit: unknown): string[] {
  const max = typeof limit === 'number' && limit >= 0 ? limit : Infinity
  if (separator === null || separator === undefined) {
    const parts = value.split(new RegExp(SPACE_RUN)).filter((part) => part !== '')
    if (parts.length <= max + 1) return parts
    const head = parts.slice(0, max)
    let rest = value.replace(STRIP.start, '')
    for (const part of head) rest = rest.slice(rest.indexOf(part) + part.length).replace(STRIP.start, '')
    return [...head, rest]
  }
  const sep = pyStr(separator)
  if (sep === '') throw renderError('empty separator')
  const parts = value.split(sep)
  return parts.length <= max + 1 ? parts : [...parts.slice(0, max), parts.slice(max).join(sep)]
}

/** A bound method of a str, list or dict (Python attribute lookup), or undefined when it has none. */
export function methodOf(value: unknown, name: string): PyCallable | undefined {
  if (typeof value === 'string') {
    if (!STR_METHODS.includes(name)) return undefined
    const methods: Record<string, (args: unknown[]) => unknown> = {
      upper: () => value.toUpperCase(),
      lower: () => value.toLowerCase(),
      capitalize: () => capitalize(value),
      title: () => titleCase(value),
      strip: ([chars]) => strip(value, chars, 'both'),
      lstrip: ([chars]) => strip(value, chars, 'start'),
      rstrip: ([chars]) => strip(value, chars, 'end'),
      startswith: ([prefix]) => value.startsWith(pyStr(prefix)),
      endswith: ([suffix]) => value.endsWith(pyStr(suffix)),
      replace: ([old, replacement, count]) =>
        replaceCount(value, pyStr(old), pyStr(replacement), typeof count === 'number' ? count : -1),
      split: ([separator, limit]) => split(value, separator, limit),
      join: ([items]) =>
        pyIterate(items)
          .map((item) => {
            if (typeof item !== 'string') throw renderError('str.join takes strings')
            return item
          })
          .join(value),
      count: ([part]) => (pyStr(part) === '' ? [...value].length + 1 : value.split(pyStr(part)).length - 1),
    }
    const method = methods[name]
    return method ? new PyCallable(name, (args) => method(args)) : unsupported('str', name)
  }
  if (Array.isArray(value)) {
    if (!LIST_METHODS.includes(name) || (pyType(value) === 'tuple' && !['count', 'index'].includes(name)))
      return undefined
    if (name === 'count')
      return new PyCallable(name, ([item]) => value.filter((entry) => pyEquals(entry, item)).length)
    if (name === 'index')
      return new PyCallable(name, ([item]) => {
        const at = value.findIndex((entry) => pyEquals(entry, item))
        if (at < 0) throw renderError('list.index(x): x not in list')
        return at
      })
    return unsupported('list', name)
  }
  if (isDict(value)) {
    if (!DICT_METHODS.includes(name)) return undefined
    if (name === 'items')
      return new PyCallable(name, () => Object.entries(value).map((entry) => makeTuple(entry)))
    if (name === 'keys') return new PyCallable(name, () => Object.keys(value))
    if (name === 'values') return new PyCallable(name, () => Object.values(value))
    if (name === 'get')
      return new PyCallable(name, ([key, fallback = null]) =>
        typeof key === 'string' && Object.hasOwn(value, key) ? value[key] : fallback,
      )
    return unsupported('dict', name)
  }
  return undefined
}
