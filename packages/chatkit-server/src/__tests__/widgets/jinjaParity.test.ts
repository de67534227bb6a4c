import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { compileJinja } from '../../widgets/compileJinja.ts'
import { parseWidgetTemplate } from '../../widgets.ts'

// Our Jinja engine against real jinja2, run the way chatkit-python's WidgetTemplate runs it
// (jinjaReference.py): every fixture .widget file on each of its data sets, every engine snippet
// below, and random data, must render to the same text and build the same widget. Debian's
// python3-jinja2 (scripts/ensure-python-jinja.sh, run by `pnpm test`, installs it).

/** Debian's interpreter, which python3-jinja2 installs into (a pyenv or venv python3 may lack it). */
const PYTHON = process.env.CHATKIT_PYTHON ?? '/usr/bin/python3'
const REFERENCE = fileURLToPath(new URL('./jinjaReference.py', import.meta.url))

interface ReferenceCase {
  template: string
  data: Record<string, unknown>
  widget?: boolean
}
interface ReferenceResult {
  rendered?: string
  widget?: unknown
  error?: string
}

function runReference(cases: ReferenceCase[]): Promise<{ jinja2: string; results: ReferenceResult[] }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      PYTHON,
      [REFERENCE],
      { timeout: 60_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new Error(
              `${PYTHON} ${REFERENCE} failed (is python3-jinja2 installed?): ${stderr || error.message}`,
            ),
          )
        else resolve(JSON.parse(stdout) as never)
      },
    )
    child.stdin?.end(JSON.stringify(cases))
  })
}

/** Our engine's answer in the reference's terms. */
function ours(testCase: ReferenceCase): ReferenceResult {
  let rendered: string
  try {
    rendered = compileJinja(testCase.template).render(testCase.data)
  } catch {
    return { error: 'error' }
  }
  if (!testCase.widget) return { rendered }
  try {
    return { rendered, widget: JSON.parse(rendered) as unknown }
  } catch {
    return { rendered, error: 'error' }
  }
}

/**
 * The cases where our engine and jinja2 disagree: on the text, or on whether it fails. Python
 * prints a generator or an iterator with its address; ours refuses to print one, which counts as
 * agreeing.
 */
async function differencesFromJinja2(cases: ReferenceCase[]) {
  const { results } = await runReference(cases)
  return cases.flatMap((testCase, i) => {
    const expected = results[i] ?? {}
    const refused = expected.error !== undefined || / at 0x[0-9a-f]+>/.test(expected.rendered ?? '')
    const wanted = refused ? { error: 'error' } : expected
    const got = ours(testCase)
    return JSON.stringify(got) === JSON.stringify(wanted)
      ? []
      : [{ template: testCase.template, got, wanted }]
  })
}

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/widgets/${name}.widget`, import.meta.url)), 'utf8')

const HOSTILE = `<script>alert('x')</script> & "quotes" \\ é 😀 \u2028 \u0001 \u007f`

/** Each fixture with data sets that walk its branches. */
const FIXTURE_DATA: Record<string, Record<string, unknown>[]> = {
  orderCard: [
    {
      order: {
        id: 'A-1',
        title: HOSTILE,
        status: 'shipped',
        cents: 1250,
        currency: 'EUR',
        note: null,
        customer: { name: 'Zoë', email: 'z@example.com' },
      },
    },
    {
      order: {
        id: 'B',
        title: 'Chair',
        status: 'placed',
        cents: 1000,
        currency: 'USD',
        note: 'Leave at the door',
        customer: { name: "O'Brien", email: '<o@example.com>' },
      },
    },
    {
      order: {
        id: 'C',
        title: 'x',
        status: 'placed',
        cents: 7,
        currency: '',
        customer: { name: '', email: '' },
      },
    },
  ],
  taskList: [
    {
      tasks: [
        { id: 't1', title: 'Write tests', done: true, tags: ['dev', HOSTILE] },
        { id: 't2', title: HOSTILE, done: false, tags: [] },
        { id: 't3', title: 'Ship', done: false },
      ],
    },
    { tasks: [], limit: 3 },
    { tasks: [{ id: 'only', title: '', done: false, tags: ['a'] }] },
  ],
  flightStatus: [
    {
      flight: {
        code: 'CK 101',
        origin: 'cdg',
        destination: 'sfo',
        delay_minutes: 0,
        passenger: '  ada lovelace-byron (guest) ',
        seat: '3A',
        gate: 'B 12',
        price: '199',
        legs: [
          { to: 'JFK', minutes: 480 },
          { to: 'SFO', minutes: 370 },
        ],
      },
    },
    {
      flight: {
        code: 'CK 7',
        origin: 'ams',
        destination: 'ams',
        delay_minutes: 45,
        passenger: 'x',
        gate: '',
        price: ' 12 ',
        legs: [],
      },
    },
    {
      flight: {
        code: HOSTILE,
        origin: 'é',
        destination: 'ß',
        delay_minutes: 95,
        passenger: HOSTILE,
        gate: HOSTILE,
        price: '7',
        legs: [{ to: HOSTILE, minutes: 1 }],
      },
    },
  ],
  scoreTable: [
    {
      rows: [
        ['Player', 'Score', 'Ratio'],
        ['Ann', 12, 0.5],
        ['Bob', null, true],
      ],
      summary: 'Ann leads',
      meta: { z: 1, a: HOSTILE, m: [1, 2.5, null], nested: { b: 1, a: 2 } },
    },
    { rows: [], summary: '', meta: {} },
  ],
  salesChart: [
    {
      series: [
        { kind: 'bar', key: 'revenue', label: 'Revenue' },
        { kind: 'line', key: 'orders', label: HOSTILE },
      ],
      rows: [
        { month: 'Jan', revenue: 12000, orders: 3 },
        { month: 'Feb', revenue: 12345.5, orders: 0 },
        { month: 'Mar', revenue: 1, orders: 1 },
      ],
    },
    {
      series: [{ kind: 'area', key: 'revenue', label: 'R' }],
      rows: [{ month: 'Apr', revenue: 0.1, orders: 2 }],
    },
  ],
}

/** Engine snippets: each Jinja feature the fixtures rely on, and the Python semantics under them. */
const SNIPPETS: [string, string, Record<string, unknown>][] = [
  [
    'tojson of a dict: sorted keys, spaces, HTML-safe, ASCII',
    '{{ x | tojson }}',
    { x: { b: 1, a: HOSTILE, é: [true, null] } },
  ],
  ['tojson with indent', '{{ x | tojson(indent=2) }}', { x: { b: [1, { c: 2 }], a: {}, e: [] } }],
  [
    'floats stay floats',
    '{{ 16 / 8 }} {{ (16 / 8) | tojson }} {{ 7 // 2 }} {{ 7.0 // 2 }} {{ 2 ** -1 }} {{ 0.1 + 0.2 }}',
    {},
  ],
  [
    'float repr at the edges',
    '{{ 1e16 }} {{ 1.5e-5 }} {{ 1e300 * 1e10 }} {{ -0.0 }} {{ x }} {{ x | tojson }}',
    { x: [1e21, 1e-7, 123456.789] },
  ],
  [
    'integer arithmetic',
    '{{ -7 % 3 }} {{ 7.5 % 2 }} {{ -7 // 2 }} {{ 2 ** 3 ** 2 }} {{ -2 ** 2 }} {{ 10 - 2 * 3 }}',
    {},
  ],
  ['~ binds tighter than +', '{{ 2 * 3 ~ 1 }} {{ 1 ~ 2 }} {{ "a" ~ none ~ true ~ 1.0 }}', {}],
  [
    'printing Python values',
    '{{ t }} {{ n }} {{ f }} {{ xs }} {{ d }} {{ (1, 2) }} {{ (1,) }}',
    { t: true, n: null, f: 2.5, xs: [1, "it's", null, { k: 2.5 }], d: { q: 'x"y' } },
  ],
  [
    'block set, for loop and slice: the comma trick',
    '[{%- set _c -%}{%- for i in xs -%},{{ i | tojson }}{%- endfor -%}{%- endset -%}{{- (_c[1:] if _c and _c[0] == "," else _c) -}}]',
    { xs: ['a', 'b'] },
  ],
  [
    'the comma trick on an empty list',
    '[{%- set _c -%}{%- for i in xs -%},{{ i | tojson }}{%- endfor -%}{%- endset -%}{{- (_c[1:] if _c and _c[0] == "," else _c) -}}]',
    { xs: [] },
  ],
  [
    'loop variables',
    '{% for x in xs %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.cycle("a", "b") }}{{ loop.previtem is defined }};{% endfor %}',
    { xs: [1, 2, 3] },
  ],
  [
    'for with a filter and else',
    '{% for x in xs if x > 1 %}{{ x }}{{ loop.length }}{% else %}none{% endfor %}{% for x in [] %}{% else %}empty{% endfor %}',
    { xs: [1, 2, 3] },
  ],
  [
    'a set in a loop stays in its pass',
    '{% set y = 0 %}{% for x in xs %}{% set y = y + x %}{{ y }}{% endfor %}{{ y }}',
    { xs: [1, 2] },
  ],
  [
    'a name the template sets later is undefined in a loop before it',
    '{% for i in xs %}{{ x }}{% endfor %}{% set x = 1 %}',
    { x: 'X', xs: [1] },
  ],
  [
    'a name read at the top before it is set is the data’s',
    '{{ x }}{% set x = 1 %}{{ x }}{% for i in xs %}{{ x }}{% endfor %}',
    { x: 'X', xs: [1] },
  ],
  ['a name set in an if branch only', '{% if false %}{% set x = 1 %}{% endif %}{{ x }}', { x: 'X' }],
  [
    'a block set reads the enclosing frame',
    '{% set _c %}{% set _c %}{{ _c }}{% endset %}{% endset %}{{ _c }}',
    { _c: 'C' },
  ],
  [
    'namespace counters',
    '{% set ns = namespace(c=0) %}{% for x in xs %}{% set ns.c = ns.c + x %}{% endfor %}{{ ns.c }}',
    { xs: [1, 2] },
  ],
  [
    'unpacking and items',
    '{% for a, b in [[1, 2], [3, 4]] %}{{ a }}{{ b }}{% endfor %}{% for k, v in d | items %}{{ k }}={{ v }};{% endfor %}{% for k in d %}{{ k }}{% endfor %}{{ d | items | list }}',
    { d: { z: 1, y: 2 } },
  ],
  [
    'default whitespace: no trim_blocks, one trailing newline dropped',
    'a\n{% if true %}\nb\n{% endif %}\n  {%- if true -%}  c  {%- endif %}\n{# c #}\n x {#- c -#} y\n',
    {},
  ],
  ['CRLF in text becomes LF', 'a\r\nb\r{{ 1 }}\r\n', {}],
  ['raw blocks and comments', 'x{# comment #}y{% raw %}{{ raw }}{% endraw %}{{ "}}" }}{{ {"a": 1}}}', {}],
  [
    'string literals',
    '{{ "\\u00e9\\n\\t" | tojson }}|{{ "a" "b" }}|{{ 1_000 }}|{{ 1.5e3 }}|{{ [1, 2,] }}',
    {},
  ],
  [
    'inline if without else',
    '{{ (a if false) is defined }}|{{ a if false }}|{{ 1 if 0 else 2 if 0 else 3 }}',
    {},
  ],
  [
    'is defined and is not none',
    '{{ (a if a is defined and a is not none else "d") | tojson }} {{ b is defined }}',
    { a: null },
  ],
  [
    'truthiness and boolean operators return operands',
    '{% if a %}A{% elif b %}B{% else %}C{% endif %}{{ a or "x" }}{{ b and "y" }}{{ [] or {} }}',
    { a: 0, b: '' },
  ],
  [
    'comparisons and membership',
    '{{ "b" in s }} {{ 2 in xs }} {{ "k" in m }} {{ 3 not in xs }} {{ 1 == 1.0 }} {{ true == 1 }} {{ (1, 2) == [1, 2] }} {{ 1 < 2 < 3 }} {{ not 1 == 2 }} {{ "a" < "b" }} {{ [1, 2] < [1, 3] }}',
    { s: 'abc', xs: [1, 2], m: { k: 1 } },
  ],
  [
    'slices and indexes count code points',
    '{{ t[::-1] }} {{ t[-2:] }} {{ xs[1:] }} {{ t[1] }} {{ xs[-1] }} {{ xs[::2] }} {{ xs[5] is defined }} {{ t | length }}',
    { t: 'héllo😀', xs: [1, 2, 3] },
  ],
  [
    'attribute lookup: methods first, then items',
    '{{ d.get("a", 3) }} {{ d.keys() | list }} {{ d.items is defined }} {{ d.nope is defined }} {{ d["items"] }} {{ "a,b".split(",") }} {{ " A ".strip().lower() }}',
    { d: { a: null, items: [1] } },
  ],
  [
    'string filters',
    '{{ "hello wORLD-foo (bar" | title }} {{ "aBC" | capitalize }} {{ "  x " | trim }}| {{ "a-b-c" | replace("-", "+", 1) }} {{ "<a&b>" | e }} {{ "abc" | reverse }} {{ "ß" | upper }}',
    {},
  ],
  [
    'number filters',
    '{{ 3 | round }} {{ 3.7 | round }} {{ 2.5 | round }} {{ 0.125 | round(2) }} {{ 2.675 | round(2) }} {{ 5 | round(1, "floor") }} {{ 1.55 | round(1, "ceil") }} {{ -3 | abs }} {{ "3.5" | int }} {{ "x" | int }} {{ 2.9 | int }} {{ 3 | float }} {{ none | float }}',
    {},
  ],
  [
    'list filters',
    '{{ [3, 1] | sum }} {{ [1.5, 2] | sum }} {{ [3, 1, 2] | max }} {{ ["b", "A"] | min }} {{ xs | first }} {{ xs | last }} {{ xs | join("-") }} {{ u | map(attribute="n") | join("/") }} {{ ["a"] | map("upper") | list }} {{ xs | reverse | list }}',
    { xs: [4, 5], u: [{ n: 'x' }, { n: 'y' }] },
  ],
  [
    'default',
    '{{ x | default("d") }} {{ none | default("d") }} {{ "" | default("d", true) }} {{ 0 | d(5, boolean=true) }}',
    {},
  ],
  [
    'tests',
    '{{ x is none }} {{ x is number }} {{ 3 is odd }} {{ 4 is even }} {{ 6 is divisibleby 3 }} {{ "a" is string }} {{ {} is mapping }} {{ 1 is eq 1 }} {{ 2 is gt 1 }} {{ 1 is in [1] }} {{ "x" is upper }} {{ 1.0 is float }} {{ true is boolean }}',
    {},
  ],
  ['globals', '{{ range(3) | list }} {{ range(1, 7, 2) | list }} {{ dict(a=1) | tojson }}', {}],
  ['an undefined name fails', '{{ missing | tojson }}', {}],
  ['an undefined name fails in a comparison', '{{ x == 1 }}', {}],
  ['an undefined name fails in an if', '{% if u %}x{% endif %}', {}],
  ['a missing attribute of a dict fails when printed', '{{ x.y }}', { x: {} }],
  ['a method is not JSON', '{{ order.items | tojson }}', { order: { items: [1] } }],
  ['division by zero fails', '{{ 1 / 0 }}', {}],
  ['str + int fails', '{{ "a" + 1 }}', {}],
  ['int < str fails', '{{ 1 < "a" }}', {}],
  ['a number is not iterable', '{% for x in 5 %}{% endfor %}', {}],
  ['loop outside a loop is undefined', '{{ loop }}', {}],
]

describe('our Jinja engine against real jinja2 (chatkit-python’s settings)', () => {
  const fixtureCases = Object.entries(FIXTURE_DATA).flatMap(([name, dataSets]) =>
    dataSets.map((data, i) => ({ name: `${name}.widget, data set ${i + 1}`, file: name, data })),
  )
  const snippetCases = SNIPPETS.map(([name, template, data]) => ({ name, template, data }))
  let reference: { jinja2: string; results: ReferenceResult[] }

  beforeAll(async () => {
    reference = await runReference([
      ...fixtureCases.map(({ file, data }) => ({
        template: (JSON.parse(fixture(file)) as { template: string }).template,
        data,
        widget: true,
      })),
      ...snippetCases.map(({ template, data }) => ({ template, data })),
    ])
  }, 60_000)

  it('runs jinja2 3.x', () => {
    expect(reference.jinja2).toMatch(/^3\./)
  })

  it.each(fixtureCases.map((testCase, i) => [testCase.name, testCase, i] as const))(
    '%s: the same text and the same widget',
    (_name, { file, data }, i) => {
      const expected = reference.results[i]
      expect(expected?.error, 'jinja2 renders it').toBeUndefined()
      const template = (JSON.parse(fixture(file)) as { template: string }).template
      expect(ours({ template, data, widget: true })).toEqual({
        rendered: expected?.rendered,
        widget: expect.anything(),
      })
      // The widget as build() gives it: parsed, checked against the schema, nulls dropped.
      expect(parseWidgetTemplate(fixture(file)).build(data)).toEqual(expected?.widget)
    },
  )

  it.each(snippetCases.map((testCase, i) => [testCase.name, testCase, fixtureCases.length + i] as const))(
    '%s',
    (_name, testCase, i) => {
      const expected = reference.results[i]
      const result = ours(testCase)
      if (expected?.error) expect(result, `jinja2 raised ${expected.error}`).toEqual({ error: 'error' })
      else expect(result).toEqual({ rendered: expected?.rendered })
    },
  )

  it('evaluates random expressions as jinja2 does: the same text, or an error where it raises (fast-check)', async () => {
    const leaf = fc.constantFrom(
      ...[
        'a',
        'b',
        's',
        'xs',
        'd',
        'n',
        'f',
        'none',
        'true',
        'false',
        '0',
        '1',
        '2',
        '-3',
        '2.5',
        '0.1',
        '1e3',
      ],
      ...[
        "'x'",
        "''",
        "'ab'",
        '[]',
        '[1, 2]',
        '{}',
        "{'k': 1}",
        'd.k',
        'xs[0]',
        'xs[-1]',
        's[1:]',
        'xs[::-1]',
        'missing',
      ],
    )
    const operators = [
      '+',
      '-',
      '*',
      '/',
      '//',
      '**',
      '~',
      '==',
      '!=',
      '<',
      '>=',
      'and',
      'or',
      'in',
      'not in',
    ]
    const filters = [
      'length',
      'string',
      'int',
      'float',
      'abs',
      'round',
      'first',
      'last',
      'list',
      'reverse',
      'upper',
    ]
    filters.push(
      'title',
      'trim',
      'join',
      "join('-')",
      'default(1)',
      'sum',
      'max',
      'min',
      'items',
      'tojson',
      'e',
    )
    const tests = [
      'defined',
      'none',
      'number',
      'string',
      'odd',
      'even',
      'mapping',
      'sequence',
      'integer',
      'float',
    ]
    const { expr } = fc.letrec<{ expr: string }>((tie) => ({
      expr: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc
          .tuple(tie('expr'), fc.constantFrom(...operators), tie('expr'))
          .map(([l, op, r]) => `(${l} ${op} ${r})`),
        fc.tuple(tie('expr'), fc.constantFrom(...filters)).map(([value, filter]) => `(${value} | ${filter})`),
        fc.tuple(tie('expr'), fc.constantFrom(...tests)).map(([value, test]) => `(${value} is ${test})`),
        fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([a, test, b]) => `(${a} if ${test} else ${b})`),
        tie('expr').map((value) => `(not ${value})`),
        tie('expr').map((value) => `(-${value})`),
      ),
    }))
    const data = { a: 7, b: -2, s: 'héllo', xs: [3, 1, 2], d: { k: 'v', z: 1.5 }, n: null, f: 0.25 }
    const expressions = [...new Set(fc.sample(expr, { numRuns: 600, seed: 20261208 }))]
    const cases = expressions.flatMap((e) =>
      [`{{ ${e} }}`, `{{ (${e}) | tojson }}`].map((template) => ({ template, data })),
    )
    expect(await differencesFromJinja2(cases)).toEqual([])
  }, 60_000)

  it('renders random templates of tags, whitespace control and scopes as jinja2 does (fast-check)', async () => {
    const text = fc.constantFrom(
      '',
      ' ',
      '\n',
      '  \n  ',
      'x',
      ' y ',
      '\n\nz\n',
      '\t',
      ',',
      '\r\n',
      'a\r',
      '{',
      '}',
      '#',
    )
    const left = fc.constantFrom('', '-', '+')
    const right = fc.constantFrom('', '-')
    const tag = fc.tuple(left, right).map(([l, r]) => [`{%${l} `, ` ${r}%}`] as const)
    const output = fc.tuple(fc.constantFrom('', '-'), right).map(([l, r]) => [`{{${l} `, ` ${r}}}`] as const)
    const expr = fc.constantFrom(
      'x',
      'loop.index',
      'i',
      '_c',
      '_c[1:]',
      'xs | length',
      "'q'",
      'i ~ x',
      'ns.c',
    )
    const { body } = fc.letrec<{ body: string }>((tie) => ({
      body: fc
        .array(
          fc.oneof(
            { depthSize: 'small' },
            text,
            fc.tuple(output, expr).map(([[a, b], e]) => a + e + b),
            fc
              .tuple(tag, tag, tie('body'), fc.constantFrom('x', 'i', 'not x', 'xs'))
              .map(([[a, b], [c, d], inner, test]) => `${a}if ${test}${b}${inner}${c}endif${d}`),
            fc
              .tuple(tag, tag, tag, tie('body'), tie('body'))
              .map(([[a, b], [c, d], [e, f], yes, no]) => `${a}if x${b}${yes}${e}else${f}${no}${c}endif${d}`),
            fc
              .tuple(tag, tag, tie('body'))
              .map(([[a, b], [c, d], inner]) => `${a}for i in xs${b}${inner}${c}endfor${d}`),
            fc
              .tuple(tag, tag, tie('body'))
              .map(([[a, b], [c, d], inner]) => `${a}set _c${b}${inner}${c}endset${d}`),
            fc.tuple(tag, expr).map(([[a, b], e]) => `${a}set x = ${e}${b}`),
            fc.tuple(tag, expr).map(([[a, b], e]) => `${a}set ns.c = ${e}${b}`),
            fc.tuple(fc.constantFrom('', '-'), right, text).map(([l, r, t]) => `{#${l} ${t} ${r}#}`),
            fc.tuple(tag, tag, text).map(([[a, b], [c, d], t]) => `${a}raw${b}{{ ${t} }}${c}endraw${d}`),
          ),
          { maxLength: 5 },
        )
        .map((parts) => parts.join('')),
    }))
    const prefix = "{% set ns = namespace(c=1) %}{% set _c = ',a' %}"
    const templates = [...new Set(fc.sample(body, { numRuns: 400, seed: 20261209 }))]
    const cases = templates.map((template) => ({ template: prefix + template, data: { x: 'X', xs: [1, 2] } }))
    expect(await differencesFromJinja2(cases)).toEqual([])
  }, 60_000)

  it('renders random task lists as jinja2 does (fast-check)', async () => {
    const text = fc.string({ unit: 'binary', maxLength: 12 })
    const data = fc.record({
      tasks: fc.array(
        fc.record({ id: text, title: text, done: fc.boolean(), tags: fc.array(text, { maxLength: 3 }) }),
        { maxLength: 4 },
      ),
      limit: fc.integer({ min: -5, max: 50 }),
    })
    const samples = fc.sample(data, { numRuns: 60, seed: 20261207 })
    const template = (JSON.parse(fixture('taskList')) as { template: string }).template
    const { results } = await runReference(
      samples.map((sample) => ({ template, data: sample, widget: true })),
    )
    samples.forEach((sample, i) => {
      expect(ours({ template, data: sample, widget: true })).toEqual({
        rendered: results[i]?.rendered,
        widget: results[i]?.widget,
      })
    })
  }, 60_000)
})
