// A Jinja template compiled to a tree and rendered by walking it: no `eval`, no `new Function`,
// so it runs in an edge runtime. It renders as jinja2 3.1 does with chatkit-python's settings
// (StrictUndefined, no trim_blocks / lstrip_blocks), over Python's value semantics (pyValues.ts).
import { FILTERS, GLOBALS, TESTS, methodOf, pyContains, type FilterCall } from './jinjaBuiltins.ts'
import { parseJinja, type Expr, type Node, type Target } from './parseJinja.ts'
import {
  PyCallable,
  PyNamespace,
  PyUndefined,
  checkDefined,
  codePoints,
  isDict,
  isFloat,
  isNumeric,
  makeNumber,
  makeTuple,
  numberOf,
  pyCompare,
  pyEquals,
  pyIterate,
  pyStr,
  pyTruthy,
  pyType,
  renderError,
} from './pyValues.ts'
import { WidgetTemplateError } from './widgetTemplateError.ts'

/** A compiled template. */
export interface JinjaTemplate {
  /** Renders with these variables; fails with `template_render` where jinja2 would raise. */
  render(variables: Record<string, unknown>): string
}

/** A `for` loop's `loop` variable. */
class LoopContext {
  constructor(
    readonly items: unknown[],
    readonly index0: number,
  ) {}

  get(name: string): unknown {
    const { items, index0 } = this
    const length = items.length
    switch (name) {
      case 'index':
        return index0 + 1
      case 'index0':
        return index0
      case 'revindex':
        return length - index0
      case 'revindex0':
        return length - index0 - 1
      case 'first':
        return index0 === 0
      case 'last':
        return index0 === length - 1
      case 'length':
        return length
      case 'depth':
        return 1
      case 'depth0':
        return 0
      case 'previtem':
        return index0 > 0 ? items[index0 - 1] : new PyUndefined(true, 'loop.previtem')
      case 'nextitem':
        return index0 < length - 1 ? items[index0 + 1] : new PyUndefined(true, 'loop.nextitem')
      case 'cycle':
        return new PyCallable('cycle', (args) => {
          if (args.length === 0) throw renderError('loop.cycle needs at least one item')
          return args[index0 % args.length]
        })
      default:
        return new PyUndefined(true, `loop.${name}`)
    }
  }
}

/**
 * One of jinja2's frames: the template, a `for` pass or its `else`, a block `set`'s body. Names
 * the frame starts as undefined (see {@link analyzeFrames}) are set so when it is entered.
 */
class Scope {
  private readonly vars = new Map<string, unknown>()
  constructor(
    private readonly parent?: Scope,
    startUndefined: ReadonlySet<string> = new Set(),
  ) {
    for (const name of startUndefined) this.vars.set(name, new PyUndefined(true, `'${name}'`))
  }

  lookup(name: string): unknown {
    if (this.vars.has(name)) return this.vars.get(name)
    if (this.parent) return this.parent.lookup(name)
    return name in GLOBALS ? GLOBALS[name] : new PyUndefined(true, `'${name}'`)
  }

  set(name: string, value: unknown): void {
    this.vars.set(name, value)
  }
}

/** The names each frame (its node list) starts as undefined. */
type FrameTable = WeakMap<Node[], ReadonlySet<string>>

/** An expression's direct sub-expressions. */
function subExpressions(expr: Expr): Expr[] {
  const out: Expr[] = []
  for (const value of Object.values(expr) as unknown[]) {
    if (isExpr(value)) out.push(value)
    else if (Array.isArray(value))
      for (const entry of value as unknown[]) {
        if (isExpr(entry)) out.push(entry)
        else if (Array.isArray(entry)) out.push(...entry.filter(isExpr))
      }
  }
  return out
}

/** An expression and all it contains, depth first. */
function* walkExpression(expr: Expr | undefined): Generator<Expr> {
  if (!expr) return
  yield expr
  for (const child of subExpressions(expr)) yield* walkExpression(child)
}

function namesRead(expr: Expr | undefined): string[] {
  return [...walkExpression(expr)].flatMap((node) => (node.kind === 'name' ? [node.name] : []))
}

/**
 * jinja2's scoping, which it fixes when it compiles: in each frame, a name whose first use is an
 * assignment (outside an `if`), and that no enclosing frame uses, belongs to the frame from its
 * start, undefined until assigned; a child frame that reads it before then gets an undefined, not
 * the data's value (`{% for %}{{ x }}{% endfor %}{% set x = 1 %}` fails in jinja2). Other names
 * read through to the enclosing frames and the data.
 */
function analyzeFrames(
  nodes: Node[],
  enclosing: ReadonlySet<string>[],
  table: FrameTable,
  declared: string[] = [],
): void {
  const refs = new Set<string>(declared)
  const startUndefined = new Set<string>()
  const children: [Node[], string[]][] = []
  const known = (name: string) => refs.has(name) || enclosing.some((frame) => frame.has(name))
  const load = (expr: Expr | undefined) => {
    for (const name of namesRead(expr)) if (!known(name)) refs.add(name)
  }
  const store = (target: Target, inBranch: boolean) => {
    if (target.kind === 'attr') return load({ kind: 'name', name: target.name })
    for (const name of target.kind === 'name' ? [target.name] : target.names) {
      if (refs.has(name)) continue
      if (!inBranch && !known(name)) startUndefined.add(name)
      refs.add(name)
    }
  }
  const visit = (body: Node[], inBranch: boolean) => {
    for (const node of body) {
      switch (node.kind) {
        case 'output':
          load(node.expr)
          break
        case 'if':
          for (const branch of node.branches) {
            load(branch.test)
            visit(branch.body, true)
          }
          visit(node.otherwise, true)
          break
        case 'for': {
          load(node.iter)
          const targets =
            node.target.kind === 'tuple'
              ? node.target.names
              : node.target.kind === 'name'
                ? [node.target.name]
                : []
          children.push([node.body, [...targets, 'loop']], [node.otherwise, []])
          break
        }
        case 'set':
          load(node.expr)
          store(node.target, inBranch)
          break
        case 'setblock':
          store(node.target, inBranch)
          children.push([node.body, []])
          break
      }
    }
  }
  visit(nodes, false)
  table.set(nodes, startUndefined)
  for (const [body, names] of children) analyzeFrames(body, [...enclosing, refs], table, names)
}

/** Python's slice of a sequence of `length` items: the indices it picks, in order. */
function sliceIndices(
  length: number,
  start: unknown,
  stop: unknown,
  step: unknown,
): { from: number; to: number; by: number } {
  const toInt = (value: unknown, what: string) => {
    if (value === null || value === undefined) return undefined
    if (typeof value !== 'number' && typeof value !== 'boolean')
      throw renderError(`a slice ${what} must be an integer`)
    const number = numberOf(value)
    if (!Number.isInteger(number)) throw renderError(`a slice ${what} must be an integer`)
    return number
  }
  const by = toInt(step, 'step') ?? 1
  if (by === 0) throw renderError('a slice step cannot be zero')
  const clamp = (value: number | undefined, fallback: number, low: number, high: number) => {
    if (value === undefined) return fallback
    const index = value < 0 ? value + length : value
    return Math.min(Math.max(index, low), high)
  }
  const from =
    by > 0
      ? clamp(toInt(start, 'start'), 0, 0, length)
      : clamp(toInt(start, 'start'), length - 1, -1, length - 1)
  const to =
    by > 0 ? clamp(toInt(stop, 'stop'), length, 0, length) : clamp(toInt(stop, 'stop'), -1, -1, length - 1)
  return { from, to, by }
}

/** The items of `items` a slice picks. */
function pick<T>(items: { readonly length: number; readonly [index: number]: T }, slice: SliceValue): T[] {
  const { from, to, by } = sliceIndices(items.length, slice.start, slice.stop, slice.step)
  const out: T[] = []
  for (let i = from; by > 0 ? i < to : i > to; i += by) out.push(items[i] as T)
  return out
}

/** jinja2's `environment.getattr`: the attribute (a method) first, then the item. */
function getattr(target: unknown, name: string): unknown {
  if (target instanceof PyUndefined) throw renderError(`${target.hint} is undefined`)
  if (target instanceof LoopContext) return target.get(name)
  if (target instanceof PyNamespace)
    return target.attrs.has(name) ? target.attrs.get(name) : new PyUndefined(true, `the attribute ${name}`)
  const method = methodOf(target, name)
  if (method) return method
  if (isDict(target) && Object.hasOwn(target, name) && target[name] !== undefined) return target[name]
  return new PyUndefined(true, `the attribute ${name}`)
}

/** jinja2's `environment.getitem`: the item first, then (for a string key) the attribute. */
function getitem(target: unknown, key: unknown): unknown {
  if (target instanceof PyUndefined) throw renderError(`${target.hint} is undefined`)
  if (key instanceof SliceValue) {
    if (typeof target === 'string') {
      const points = codePoints(target)
      // A forward run of a string without surrogates is one slice (the comma trick's `_c[1:]`).
      if (typeof points === 'string') {
        const { from, to, by } = sliceIndices(points.length, key.start, key.stop, key.step)
        if (by === 1) return points.slice(from, Math.max(from, to))
      }
      return pick(points, key).join('')
    }
    if (Array.isArray(target)) {
      const picked = pick(target, key)
      return pyType(target) === 'tuple' ? makeTuple(picked) : picked
    }
    return new PyUndefined(true, 'a slice')
  }
  if (typeof target === 'string' || Array.isArray(target)) {
    if ((typeof key === 'number' && Number.isInteger(key)) || typeof key === 'boolean') {
      const items = typeof target === 'string' ? codePoints(target) : target
      const index = numberOf(key)
      const at = index < 0 ? index + items.length : index
      if (at >= 0 && at < items.length) return items[at]
      return new PyUndefined(true, 'an item out of range')
    }
  } else if (
    isDict(target) &&
    typeof key === 'string' &&
    Object.hasOwn(target, key) &&
    target[key] !== undefined
  )
    return target[key]
  else if (target instanceof LoopContext || target instanceof PyNamespace) {
    if (typeof key === 'string') return getattr(target, key)
  }
  if (typeof key === 'string') return getattr(target, key)
  return new PyUndefined(true, 'an item')
}

class SliceValue {
  constructor(
    readonly start: unknown,
    readonly stop: unknown,
    readonly step: unknown,
  ) {}
}

function arithmetic(op: string, left: unknown, right: unknown): unknown {
  checkDefined(left)
  checkDefined(right)
  if (isNumeric(left) && isNumeric(right)) {
    const a = numberOf(left)
    const b = numberOf(right)
    const float = isFloat(left) || isFloat(right)
    switch (op) {
      case '+':
        return makeNumber(a + b, float)
      case '-':
        return makeNumber(a - b, float)
      case '*':
        return makeNumber(a * b, float)
      case '/':
        if (b === 0) throw renderError('division by zero')
        return makeNumber(a / b, true)
      case '//': {
        if (b === 0) throw renderError('integer division or modulo by zero')
        return makeNumber(Math.floor(a / b), float)
      }
      case '%': {
        if (b === 0) throw renderError('integer division or modulo by zero')
        let rest = a % b
        if (rest !== 0 && rest < 0 !== b < 0) rest += b
        return makeNumber(rest, float)
      }
      case '**':
        if (a === 0 && b < 0) throw renderError('0.0 cannot be raised to a negative power')
        return makeNumber(a ** b, float || b < 0)
    }
  }
  if (op === '+') {
    if (typeof left === 'string' && typeof right === 'string') return left + right
    if (Array.isArray(left) && Array.isArray(right) && pyType(left) === pyType(right)) {
      const joined = [...left, ...right]
      return pyType(left) === 'tuple' ? makeTuple(joined) : joined
    }
  }
  if (op === '*') {
    const [sequence, times] = isNumeric(right) ? [left, right] : [right, left]
    if ((typeof times === 'number' && Number.isInteger(times)) || typeof times === 'boolean') {
      const count = Math.max(0, numberOf(times))
      if (typeof sequence === 'string') return sequence.repeat(count)
      if (Array.isArray(sequence)) {
        const repeated = Array.from({ length: count }, () => sequence).flat()
        return pyType(sequence) === 'tuple' ? makeTuple(repeated) : repeated
      }
    }
  }
  if (op === '%' && typeof left === 'string')
    throw renderError('printf-style string formatting (%) is not supported')
  throw renderError(`unsupported operand types for ${op}: ${pyType(left)} and ${pyType(right)}`)
}

function compare(op: string, left: unknown, right: unknown): boolean {
  switch (op) {
    case '==':
      return pyEquals(left, right)
    case '!=':
      return !pyEquals(left, right)
    case '<':
      return pyCompare(left, right) < 0
    case '<=':
      return pyCompare(left, right) <= 0
    case '>':
      return pyCompare(left, right) > 0
    case '>=':
      return pyCompare(left, right) >= 0
    case 'in':
      return pyContains(right, left)
    default:
      return !pyContains(right, left)
  }
}

class Renderer {
  constructor(private readonly frames: FrameTable) {}

  evaluate(expr: Expr, scope: Scope): unknown {
    switch (expr.kind) {
      case 'const':
        return expr.value
      case 'name':
        return scope.lookup(expr.name)
      case 'getattr':
        return getattr(this.evaluate(expr.target, scope), expr.name)
      case 'getitem':
        return getitem(this.evaluate(expr.target, scope), this.evaluate(expr.index, scope))
      case 'slice':
        return new SliceValue(
          expr.start && this.evaluate(expr.start, scope),
          expr.stop && this.evaluate(expr.stop, scope),
          expr.step && this.evaluate(expr.step, scope),
        )
      case 'call': {
        const target = this.evaluate(expr.target, scope)
        checkDefined(target)
        if (!(target instanceof PyCallable)) throw renderError(`a ${pyType(target)} is not callable`)
        const { args, kwargs } = this.args(expr.args, expr.kwargs, scope)
        return target.call(args, kwargs)
      }
      case 'filter': {
        const value = this.evaluate(expr.target, scope)
        const { args, kwargs } = this.args(expr.args, expr.kwargs, scope)
        return this.filter(expr.name, value, args, kwargs)
      }
      case 'test': {
        const value = this.evaluate(expr.target, scope)
        const test = TESTS[expr.name]
        if (!test) throw renderError(`no test named ${expr.name}`)
        const result = test(value, this.args(expr.args, expr.kwargs, scope).args)
        return expr.negated ? !result : result
      }
      case 'unary': {
        const value = this.evaluate(expr.operand, scope)
        if (expr.op === 'not') return !pyTruthy(value)
        checkDefined(value)
        if (!isNumeric(value)) throw renderError(`bad operand type for unary ${expr.op}: ${pyType(value)}`)
        const number = numberOf(value)
        return makeNumber(expr.op === '-' ? -number : number, isFloat(value))
      }
      case 'binary':
        return arithmetic(expr.op, this.evaluate(expr.left, scope), this.evaluate(expr.right, scope))
      case 'and': {
        const left = this.evaluate(expr.left, scope)
        return pyTruthy(left) ? this.evaluate(expr.right, scope) : left
      }
      case 'or': {
        const left = this.evaluate(expr.left, scope)
        return pyTruthy(left) ? left : this.evaluate(expr.right, scope)
      }
      case 'compare': {
        let left = this.evaluate(expr.first, scope)
        for (const [op, operand] of expr.ops) {
          const right = this.evaluate(operand, scope)
          if (!compare(op, left, right)) return false
          left = right
        }
        return true
      }
      case 'concat':
        return expr.parts.map((part) => pyStr(this.evaluate(part, scope))).join('')
      case 'cond':
        if (pyTruthy(this.evaluate(expr.test, scope))) return this.evaluate(expr.then, scope)
        return expr.otherwise ? this.evaluate(expr.otherwise, scope) : new PyUndefined(false, 'an inline if')
      case 'list':
        return expr.items.map((item) => this.evaluate(item, scope))
      case 'tuple':
        return makeTuple(expr.items.map((item) => this.evaluate(item, scope)))
      case 'dict': {
        const out: Record<string, unknown> = {}
        for (const [keyExpr, valueExpr] of expr.entries) {
          const key = this.evaluate(keyExpr, scope)
          if (typeof key !== 'string') throw renderError('only string keys are supported in a dict literal')
          out[key] = this.evaluate(valueExpr, scope)
        }
        return out
      }
    }
  }

  args(
    args: Expr[],
    kwargs: [string, Expr][],
    scope: Scope,
  ): { args: unknown[]; kwargs: Record<string, unknown> } {
    return {
      args: args.map((arg) => this.evaluate(arg, scope)),
      kwargs: Object.fromEntries(kwargs.map(([name, value]) => [name, this.evaluate(value, scope)])),
    }
  }

  filter(name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown {
    const filter = FILTERS[name]
    if (!filter) throw renderError(`no filter named ${name}`)
    const call: FilterCall = {
      args,
      kwargs,
      getattr,
      filter: (other, item, rest) => this.filter(other, item, rest, {}),
    }
    return filter(value, call)
  }

  assign(target: Target, value: unknown, scope: Scope): void {
    if (target.kind === 'name') return scope.set(target.name, value)
    if (target.kind === 'attr') {
      const namespace = scope.lookup(target.name)
      if (!(namespace instanceof PyNamespace))
        throw renderError('only a namespace() can have its attributes set')
      namespace.attrs.set(target.attr, value)
      return
    }
    const items = pyIterate(value)
    if (items.length !== target.names.length)
      throw renderError(`cannot unpack ${items.length} values into ${target.names.length} names`)
    target.names.forEach((name, i) => scope.set(name, items[i]))
  }

  run(nodes: Node[], scope: Scope, out: string[]): void {
    for (const node of nodes) {
      try {
        this.node(node, scope, out)
      } catch (error) {
        if (error instanceof WidgetTemplateError && !/^template line /.test(error.message) && 'line' in node)
          throw new WidgetTemplateError(error.code, `template line ${node.line}: ${error.message}`)
        throw error
      }
    }
  }

  node(node: Node, scope: Scope, out: string[]): void {
    switch (node.kind) {
      case 'text':
        out.push(node.text)
        return
      case 'output':
        out.push(pyStr(this.evaluate(node.expr, scope)))
        return
      case 'if': {
        const branch = node.branches.find(({ test }) => pyTruthy(this.evaluate(test, scope)))
        this.run(branch ? branch.body : node.otherwise, scope, out)
        return
      }
      case 'for': {
        let items = pyIterate(this.evaluate(node.iter, scope))
        if (node.filter) {
          const filter = node.filter
          items = items.filter((item) => {
            const inner = new Scope(scope)
            this.assign(node.target, item, inner)
            return pyTruthy(this.evaluate(filter, inner))
          })
        }
        if (items.length === 0)
          return this.run(node.otherwise, new Scope(scope, this.frames.get(node.otherwise)), out)
        items.forEach((item, index) => {
          // Each pass has its own scope: a `set` in one is not seen by the next (as in jinja2).
          const inner = new Scope(scope, this.frames.get(node.body))
          this.assign(node.target, item, inner)
          inner.set('loop', new LoopContext(items, index))
          this.run(node.body, inner, out)
        })
        return
      }
      case 'set':
        return this.assign(node.target, this.evaluate(node.expr, scope), scope)
      case 'setblock': {
        const captured: string[] = []
        this.run(node.body, new Scope(scope, this.frames.get(node.body)), captured)
        let value: unknown = captured.join('')
        for (const filter of node.filters)
          if (filter.kind === 'filter') {
            const { args, kwargs } = this.args(filter.args, filter.kwargs, scope)
            value = this.filter(filter.name, value, args, kwargs)
          }
        return this.assign(node.target, value, scope)
      }
    }
  }
}

/** Every expression of the template's statements, nested bodies included. */
function* statementExpressions(nodes: Node[]): Generator<Expr> {
  for (const node of nodes) {
    if (node.kind === 'output' || node.kind === 'set') yield node.expr
    if (node.kind === 'if') {
      for (const { test, body } of node.branches) {
        yield test
        yield* statementExpressions(body)
      }
      yield* statementExpressions(node.otherwise)
    }
    if (node.kind === 'for') {
      yield node.iter
      if (node.filter) yield node.filter
      yield* statementExpressions(node.body)
      yield* statementExpressions(node.otherwise)
    }
    if (node.kind === 'setblock') {
      yield* node.filters
      yield* statementExpressions(node.body)
    }
  }
}

/** Refuses, when the template is read, a filter or a test this engine does not have. */
function checkNames(nodes: Node[]): void {
  for (const top of statementExpressions(nodes))
    for (const expr of walkExpression(top)) {
      if (expr.kind === 'filter' && !(expr.name in FILTERS))
        throw new WidgetTemplateError('template_syntax', `the filter ${expr.name} is not supported`)
      if (expr.kind === 'test' && !(expr.name in TESTS))
        throw new WidgetTemplateError('template_syntax', `the test ${expr.name} is not supported`)
    }
}

function isExpr(value: unknown): value is Expr {
  return typeof value === 'object' && value !== null && 'kind' in value && !Array.isArray(value)
}

/**
 * Compiles a Jinja template: fails with `template_syntax` when it is not Jinja this engine reads
 * (a syntax error, or a tag, filter or test it lacks), before any data is rendered.
 */
export function compileJinja(source: string): JinjaTemplate {
  const nodes = parseJinja(source)
  checkNames(nodes)
  const frames: FrameTable = new WeakMap()
  analyzeFrames(nodes, [], frames)
  const renderer = new Renderer(frames)
  return {
    render(variables) {
      const context = new Scope()
      for (const [name, value] of Object.entries(variables)) if (value !== undefined) context.set(name, value)
      const out: string[] = []
      renderer.run(nodes, new Scope(context, frames.get(nodes)), out)
      return out.join('')
    },
  }
}
