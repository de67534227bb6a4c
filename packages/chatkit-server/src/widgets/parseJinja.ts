// A Jinja template read into a tree, as jinja2 3.1's lexer and parser read it with the settings
// chatkit-python uses (`Environment(undefined=StrictUndefined)`: no trim_blocks, no lstrip_blocks,
// one trailing newline dropped, `{%-` / `-%}` strip whitespace). Operator precedence is jinja2's,
// not Python's: `~` binds tighter than `+`, unary minus tighter than `**`, `**` to the left.
import { PY_SPACE, makeNumber } from './pyValues.ts'
import { WidgetTemplateError } from './widgetTemplateError.ts'

export type Expr =
  | { kind: 'const'; value: unknown }
  | { kind: 'name'; name: string }
  | { kind: 'getattr'; target: Expr; name: string }
  | { kind: 'getitem'; target: Expr; index: Expr }
  | { kind: 'slice'; start?: Expr; stop?: Expr; step?: Expr }
  | { kind: 'call'; target: Expr; args: Expr[]; kwargs: [string, Expr][] }
  | { kind: 'filter'; target: Expr; name: string; args: Expr[]; kwargs: [string, Expr][] }
  | { kind: 'test'; target: Expr; name: string; args: Expr[]; kwargs: [string, Expr][]; negated: boolean }
  | { kind: 'unary'; op: '-' | '+' | 'not'; operand: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'compare'; first: Expr; ops: [CompareOp, Expr][] }
  | { kind: 'concat'; parts: Expr[] }
  | { kind: 'cond'; test: Expr; then: Expr; otherwise?: Expr }
  | { kind: 'list' | 'tuple'; items: Expr[] }
  | { kind: 'dict'; entries: [Expr, Expr][] }

export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '**'
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'notin'

/** Where `set` or `for` assigns: a name, a namespace attribute, or names to unpack. */
export type Target =
  | { kind: 'name'; name: string }
  | { kind: 'attr'; name: string; attr: string }
  | { kind: 'tuple'; names: string[] }

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'output'; expr: Expr; line: number }
  | { kind: 'if'; branches: { test: Expr; body: Node[] }[]; otherwise: Node[]; line: number }
  | {
      kind: 'for'
      target: Target
      iter: Expr
      filter?: Expr
      body: Node[]
      otherwise: Node[]
      line: number
    }
  | { kind: 'set'; target: Target; expr: Expr; line: number }
  | { kind: 'setblock'; target: Target; body: Node[]; filters: Expr[]; line: number }

interface Token {
  type: 'name' | 'string' | 'int' | 'float' | 'op' | 'end'
  value: string
  line: number
}

type Piece = { kind: 'data'; text: string } | { kind: 'tag' | 'var'; tokens: Token[]; line: number }

const syntaxError = (line: number, what: string) =>
  new WidgetTemplateError('template_syntax', `template line ${line}: ${what}`)

// Python's whitespace, which jinja2 strips for `-`.
const LEADING_SPACE = new RegExp(`^[${PY_SPACE}]+`)
const TRAILING_SPACE = new RegExp(`[${PY_SPACE}]+$`)
const OPERATORS = [
  '//',
  '**',
  '==',
  '!=',
  '<=',
  '>=',
  '+',
  '-',
  '/',
  '*',
  '%',
  '~',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  '<',
  '>',
  '=',
  '.',
  ':',
  '|',
  ',',
  ';',
]
const NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y
const FLOAT = /(\d+_)*\d+((\.(\d+_)*\d+)?e[+-]?(\d+_)*\d+|\.(\d+_)*\d+)/iy
const INT = /(\d+_)*\d+/y
const STRING = /'([^'\\]|\\[\s\S])*'|"([^"\\]|\\[\s\S])*"/y
const WHITESPACE = /\s+/y

function unescape(body: string, line: number): string {
  return body.replace(
    /\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{1,3}|[\s\S])/g,
    (_all, code: string) => {
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        '\\': '\\',
        "'": "'",
        '"': '"',
        a: '\x07',
        b: '\b',
        f: '\f',
        v: '\v',
        '\n': '',
      }
      if (code in simple) return simple[code] ?? ''
      if (/^[uUx]/.test(code)) return String.fromCodePoint(parseInt(code.slice(1), 16))
      if (/^[0-7]/.test(code)) return String.fromCodePoint(parseInt(code, 8))
      if (code === 'N') throw syntaxError(line, 'a \\N{...} escape is not supported')
      return `\\${code}`
    },
  )
}

/** The template cut into text and tags, with whitespace control applied. */
function lex(source: string): Piece[] {
  // keep_trailing_newline=False drops one trailing newline; data newlines become \n.
  const text = source.replace(/(\r\n|\r|\n)$/, '')
  const pieces: Piece[] = []
  let pos = 0
  let line = 1
  let stripNext = false
  const pushData = (data: string, stripEnd: boolean) => {
    let value = stripNext ? data.replace(LEADING_SPACE, '') : data
    if (stripEnd) value = value.replace(TRAILING_SPACE, '')
    stripNext = false
    if (value !== '') pieces.push({ kind: 'data', text: value.replace(/\r\n|\r/g, '\n') })
  }
  const countLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (text[i] === '\n') line++
  }
  while (pos < text.length) {
    const open = text.slice(pos).search(/\{[{%#]/)
    if (open < 0) {
      pushData(text.slice(pos), false)
      break
    }
    const start = pos + open
    const kind = text[start + 1]
    const strip = text[start + 2] === '-'
    let cursor = start + 2 + (strip || text[start + 2] === '+' ? 1 : 0)
    countLines(pos, start)
    const tagLine = line
    if (kind === '#') {
      const end = text.indexOf('#}', cursor)
      if (end < 0) throw syntaxError(tagLine, 'a comment is not closed')
      pushData(text.slice(pos, start), strip)
      stripNext = text[end - 1] === '-'
      countLines(start, end + 2)
      pos = end + 2
      continue
    }
    pushData(text.slice(pos, start), strip)
    const close = kind === '{' ? '}}' : '%}'
    const tokens: Token[] = []
    const depth: string[] = []
    for (;;) {
      WHITESPACE.lastIndex = cursor
      const space = WHITESPACE.exec(text)
      if (space) {
        countLines(cursor, cursor + space[0].length)
        cursor += space[0].length
      }
      if (cursor >= text.length) throw syntaxError(tagLine, `a tag is not closed with ${close}`)
      if (depth.length === 0 && text.startsWith(`-${close}`, cursor)) {
        stripNext = true
        cursor += 3
        break
      }
      if (depth.length === 0 && text.startsWith(close, cursor)) {
        cursor += 2
        break
      }
      const token = readToken(text, cursor, line)
      if (token.type === 'op' && '([{'.includes(token.value)) depth.push(token.value)
      if (token.type === 'op' && ')]}'.includes(token.value)) depth.pop()
      if (token.type === 'string') countLines(cursor, cursor + token.value.length)
      cursor += token.value.length
      tokens.push(token)
    }
    // A raw block: everything to its endraw is text.
    if (kind === '%' && tokens.length === 1 && tokens[0]?.value === 'raw') {
      const end = /\{%[-+]?\s*endraw\s*([-+]?)%\}/g
      end.lastIndex = cursor
      const found = end.exec(text)
      if (!found) throw syntaxError(tagLine, 'a raw block is not closed')
      let raw = text.slice(cursor, found.index)
      if (stripNext) raw = raw.replace(LEADING_SPACE, '')
      if (found[0][2] === '-') raw = raw.replace(TRAILING_SPACE, '')
      stripNext = found[1] === '-'
      if (raw !== '') pieces.push({ kind: 'data', text: raw.replace(/\r\n|\r/g, '\n') })
      countLines(cursor, found.index + found[0].length)
      pos = found.index + found[0].length
      continue
    }
    for (const token of tokens)
      if (token.type === 'string') token.value = unescape(token.value.slice(1, -1), token.line)
    tokens.push({ type: 'end', value: '', line })
    pieces.push({ kind: kind === '{' ? 'var' : 'tag', tokens, line: tagLine })
    pos = cursor
  }
  return pieces
}

function readToken(text: string, at: number, line: number): Token {
  const afterDot = text[at - 1] === '.'
  for (const [type, pattern] of [
    ['name', NAME],
    ['string', STRING],
    ['float', FLOAT],
    ['int', INT],
  ] as const) {
    if (type === 'float' && afterDot) continue
    pattern.lastIndex = at
    const match = pattern.exec(text)
    if (match) return { type, value: match[0], line }
  }
  const op = OPERATORS.find((candidate) => text.startsWith(candidate, at))
  if (op) return { type: 'op', value: op, line }
  throw syntaxError(line, 'an unexpected character')
}

const KEYWORD_CONSTANTS: Record<string, unknown> = {
  true: true,
  false: false,
  True: true,
  False: false,
  none: null,
  None: null,
}

/** Reads the expression tokens of one tag. */
class ExprParser {
  private index = 0
  constructor(private readonly tokens: Token[]) {}

  get current(): Token {
    return this.tokens[this.index] ?? { type: 'end', value: '', line: 0 }
  }
  peek(offset = 1): Token {
    return this.tokens[this.index + offset] ?? { type: 'end', value: '', line: 0 }
  }
  next(): Token {
    const token = this.current
    this.index++
    return token
  }
  is(value: string, type: Token['type'] = 'op'): boolean {
    return this.current.type === type && this.current.value === value
  }
  isName(value: string): boolean {
    return this.is(value, 'name')
  }
  skip(value: string, type: Token['type'] = 'op'): boolean {
    if (!this.is(value, type)) return false
    this.index++
    return true
  }
  expect(value: string, type: Token['type'] = 'op'): void {
    if (!this.skip(value, type)) throw this.fail(`expected ${value}`)
  }
  expectName(): string {
    if (this.current.type !== 'name') throw this.fail('expected a name')
    return this.next().value
  }
  fail(what: string): WidgetTemplateError {
    return syntaxError(this.current.line, what)
  }
  atEnd(): boolean {
    return this.current.type === 'end'
  }
  end(): void {
    if (!this.atEnd()) throw this.fail('unexpected tokens at the end of a tag')
  }

  tuple(withCondexpr = true, explicitParens = false): Expr {
    const items: Expr[] = []
    let comma = false
    for (;;) {
      if (items.length > 0) {
        if (!this.skip(',')) break
        comma = true
      }
      if (
        this.atEnd() ||
        this.is(')') ||
        this.is(']') ||
        this.is('}') ||
        this.isName('in') ||
        this.isName('if') ||
        this.is('=')
      ) {
        if (items.length === 0 && !explicitParens) throw this.fail('expected an expression')
        break
      }
      items.push(withCondexpr ? this.expression() : this.or())
    }
    if (!comma) {
      const [only] = items
      if (only) return only
      if (!explicitParens) throw this.fail('expected an expression')
    }
    return { kind: 'tuple', items }
  }

  expression(): Expr {
    let expr = this.or()
    while (this.skip('if', 'name')) {
      const test = this.or()
      const otherwise = this.skip('else', 'name') ? this.expression() : undefined
      expr = otherwise ? { kind: 'cond', test, then: expr, otherwise } : { kind: 'cond', test, then: expr }
    }
    return expr
  }

  or(): Expr {
    let left = this.and()
    while (this.skip('or', 'name')) left = { kind: 'or', left, right: this.and() }
    return left
  }

  and(): Expr {
    let left = this.not()
    while (this.skip('and', 'name')) left = { kind: 'and', left, right: this.not() }
    return left
  }

  not(): Expr {
    if (this.skip('not', 'name')) return { kind: 'unary', op: 'not', operand: this.not() }
    return this.compare()
  }

  compare(): Expr {
    const first = this.math1()
    const ops: [CompareOp, Expr][] = []
    for (;;) {
      const token = this.current
      if (token.type === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(token.value)) {
        this.next()
        ops.push([token.value as CompareOp, this.math1()])
      } else if (this.skip('in', 'name')) ops.push(['in', this.math1()])
      else if (this.isName('not') && this.peek().type === 'name' && this.peek().value === 'in') {
        this.next()
        this.next()
        ops.push(['notin', this.math1()])
      } else break
    }
    return ops.length === 0 ? first : { kind: 'compare', first, ops }
  }

  math1(): Expr {
    let left = this.concat()
    while (this.is('+') || this.is('-')) {
      const op = this.next().value as BinaryOp
      left = { kind: 'binary', op, left, right: this.concat() }
    }
    return left
  }

  concat(): Expr {
    const parts = [this.math2()]
    while (this.skip('~')) parts.push(this.math2())
    return parts.length === 1 && parts[0] ? parts[0] : { kind: 'concat', parts }
  }

  math2(): Expr {
    let left = this.pow()
    while (this.is('*') || this.is('/') || this.is('//') || this.is('%')) {
      const op = this.next().value as BinaryOp
      left = { kind: 'binary', op, left, right: this.pow() }
    }
    return left
  }

  pow(): Expr {
    let left = this.unary()
    while (this.skip('**')) left = { kind: 'binary', op: '**', left, right: this.unary() }
    return left
  }

  unary(withFilter = true): Expr {
    let node: Expr
    if (this.is('-') || this.is('+')) {
      const op = this.next().value as '-' | '+'
      node = { kind: 'unary', op, operand: this.unary(false) }
    } else node = this.primary()
    node = this.postfix(node)
    return withFilter ? this.filterExpr(node) : node
  }

  primary(): Expr {
    const token = this.current
    if (token.type === 'name') {
      this.next()
      if (token.value in KEYWORD_CONSTANTS) return { kind: 'const', value: KEYWORD_CONSTANTS[token.value] }
      return { kind: 'name', name: token.value }
    }
    if (token.type === 'string') {
      let value = ''
      while (this.current.type === 'string') value += this.next().value
      return { kind: 'const', value }
    }
    if (token.type === 'int' || token.type === 'float') {
      this.next()
      const number = Number(token.value.replaceAll('_', ''))
      return { kind: 'const', value: makeNumber(number, token.type === 'float') }
    }
    if (this.skip('(')) {
      const expr = this.tuple(true, true)
      this.expect(')')
      return expr
    }
    if (this.skip('[')) {
      const items: Expr[] = []
      while (!this.is(']')) {
        if (items.length > 0) this.expect(',')
        if (this.is(']')) break
        items.push(this.expression())
      }
      this.expect(']')
      return { kind: 'list', items }
    }
    if (this.skip('{')) {
      const entries: [Expr, Expr][] = []
      while (!this.is('}')) {
        if (entries.length > 0) this.expect(',')
        if (this.is('}')) break
        const key = this.expression()
        this.expect(':')
        entries.push([key, this.expression()])
      }
      this.expect('}')
      return { kind: 'dict', entries }
    }
    throw this.fail('expected an expression')
  }

  postfix(node: Expr): Expr {
    for (;;) {
      if (this.is('.') || this.is('[')) node = this.subscript(node)
      else if (this.is('(')) node = this.call(node)
      else return node
    }
  }

  filterExpr(node: Expr): Expr {
    for (;;) {
      if (this.is('|')) node = this.filter(node)
      else if (this.isName('is')) node = this.test(node)
      else if (this.is('(')) node = this.call(node)
      else return node
    }
  }

  subscript(target: Expr): Expr {
    if (this.skip('.')) {
      const token = this.next()
      if (token.type === 'name') return { kind: 'getattr', target, name: token.value }
      if (token.type === 'int')
        return {
          kind: 'getitem',
          target,
          index: { kind: 'const', value: Number(token.value.replaceAll('_', '')) },
        }
      throw syntaxError(token.line, 'expected a name or a number after .')
    }
    this.expect('[')
    const args: Expr[] = []
    while (!this.is(']')) {
      if (args.length > 0) {
        this.expect(',')
        if (this.is(']')) break
      }
      args.push(this.subscribed())
    }
    this.expect(']')
    const [only] = args
    const index: Expr = args.length === 1 && only ? only : { kind: 'tuple', items: args }
    return { kind: 'getitem', target, index }
  }

  subscribed(): Expr {
    const parts: (Expr | undefined)[] = []
    if (this.is(':')) parts.push(undefined)
    else {
      const expr = this.expression()
      if (!this.is(':')) return expr
      parts.push(expr)
    }
    this.expect(':')
    parts.push(this.is(']') || this.is(',') || this.is(':') ? undefined : this.expression())
    if (this.skip(':')) parts.push(this.is(']') || this.is(',') ? undefined : this.expression())
    const [start, stop, step] = parts
    return { kind: 'slice', ...(start && { start }), ...(stop && { stop }), ...(step && { step }) }
  }

  callArgs(): { args: Expr[]; kwargs: [string, Expr][] } {
    this.expect('(')
    const args: Expr[] = []
    const kwargs: [string, Expr][] = []
    while (!this.is(')')) {
      if (args.length + kwargs.length > 0) {
        this.expect(',')
        if (this.is(')')) break
      }
      if (this.is('*') || this.is('**')) throw this.fail('*args and **kwargs are not supported')
      if (this.current.type === 'name' && this.peek().type === 'op' && this.peek().value === '=') {
        const name = this.next().value
        this.next()
        kwargs.push([name, this.expression()])
      } else {
        if (kwargs.length > 0) throw this.fail('a positional argument follows a keyword argument')
        args.push(this.expression())
      }
    }
    this.expect(')')
    return { args, kwargs }
  }

  call(target: Expr): Expr {
    return { kind: 'call', target, ...this.callArgs() }
  }

  filter(target: Expr): Expr {
    this.expect('|')
    let name = this.expectName()
    while (this.skip('.')) name += `.${this.expectName()}`
    const { args, kwargs } = this.is('(') ? this.callArgs() : { args: [], kwargs: [] }
    return { kind: 'filter', target, name, args, kwargs }
  }

  test(target: Expr): Expr {
    this.expect('is', 'name')
    const negated = this.skip('not', 'name')
    let name = this.expectName()
    while (this.skip('.')) name += `.${this.expectName()}`
    let args: Expr[] = []
    let kwargs: [string, Expr][] = []
    const token = this.current
    if (this.is('(')) ({ args, kwargs } = this.callArgs())
    else if (
      ['name', 'string', 'int', 'float'].includes(token.type) ||
      (token.type === 'op' && ['(', '[', '{'].includes(token.value))
    ) {
      if (!(token.type === 'name' && ['else', 'or', 'and'].includes(token.value))) {
        if (this.isName('is')) throw this.fail('tests cannot be chained with is')
        args = [this.postfix(this.primary())]
      }
    }
    return { kind: 'test', target, name, args, kwargs, negated }
  }

  assignTarget(allowNamespace: boolean): Target {
    const first = this.expectName()
    if (allowNamespace && this.skip('.')) return { kind: 'attr', name: first, attr: this.expectName() }
    if (!this.is(',')) return { kind: 'name', name: first }
    const names = [first]
    while (this.skip(',')) {
      if (this.current.type !== 'name' || this.isName('in')) break
      names.push(this.next().value)
    }
    return { kind: 'tuple', names }
  }
}

/** Reads a template into its tree; fails with `template_syntax` on what jinja2 would refuse or this engine lacks. */
export function parseJinja(source: string): Node[] {
  const pieces = lex(source)
  let index = 0

  function block(
    ends: string[],
    opened = 0,
  ): { body: Node[]; end: string; parser: ExprParser; line: number } {
    const body: Node[] = []
    while (index < pieces.length) {
      const piece = pieces[index++]
      if (!piece) break
      if (piece.kind === 'data') {
        body.push({ kind: 'text', text: piece.text })
        continue
      }
      const parser = new ExprParser(piece.tokens)
      if (piece.kind === 'var') {
        body.push({ kind: 'output', expr: parser.tuple(), line: piece.line })
        parser.end()
        continue
      }
      const keyword = parser.expectName()
      if (ends.includes(keyword)) return { body, end: keyword, parser, line: piece.line }
      body.push(statement(keyword, parser, piece.line))
    }
    if (ends.length > 0) throw syntaxError(opened, `a block is not closed with {% ${ends.at(-1) ?? ''} %}`)
    return { body, end: '', parser: new ExprParser([]), line: 0 }
  }

  function statement(keyword: string, parser: ExprParser, line: number): Node {
    switch (keyword) {
      case 'if': {
        const branches: { test: Expr; body: Node[] }[] = []
        let test = parser.tuple(false)
        parser.end()
        let otherwise: Node[] = []
        for (;;) {
          const result = block(['elif', 'else', 'endif'], line)
          branches.push({ test, body: result.body })
          if (result.end === 'elif') {
            test = result.parser.tuple(false)
            result.parser.end()
            continue
          }
          result.parser.end()
          if (result.end === 'else') {
            const rest = block(['endif'], line)
            rest.parser.end()
            otherwise = rest.body
          }
          break
        }
        return { kind: 'if', branches, otherwise, line }
      }
      case 'for': {
        const target = parser.assignTarget(false)
        parser.expect('in', 'name')
        const iter = parser.tuple(false)
        const filter = parser.skip('if', 'name') ? parser.expression() : undefined
        if (parser.isName('recursive')) throw parser.fail('recursive loops are not supported')
        parser.end()
        const result = block(['else', 'endfor'], line)
        result.parser.end()
        let otherwise: Node[] = []
        if (result.end === 'else') {
          const rest = block(['endfor'], line)
          rest.parser.end()
          otherwise = rest.body
        }
        return { kind: 'for', target, iter, ...(filter && { filter }), body: result.body, otherwise, line }
      }
      case 'set': {
        const target = parser.assignTarget(true)
        if (parser.skip('=')) {
          const expr = parser.tuple()
          parser.end()
          return { kind: 'set', target, expr, line }
        }
        const filters: Expr[] = []
        while (parser.is('|')) filters.push(parser.filter({ kind: 'const', value: '' }))
        parser.end()
        const result = block(['endset'], line)
        result.parser.end()
        return { kind: 'setblock', target, body: result.body, filters, line }
      }
      default:
        throw syntaxError(line, `the tag ${keyword} is not supported`)
    }
  }

  const { body } = block([])
  return body
}
