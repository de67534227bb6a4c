// @vitest-environment node
import { diffWidget, parseWidgetTemplate, type Card } from '@chatkit-session/chatkit-server/widgets'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import { percentiles } from './random.ts'
import { formatTable } from './table.ts'

// The widgets of @chatkit-session/chatkit-server, each against a baseline in the same run,
// interleaved so machine noise hits both alike:
// - build() of a Widget Builder template for a 50-row ListView (schema check, our Jinja engine,
//   JSON.parse, null drop) against JSON.parse of the very JSON it renders: the part of a build a
//   server cannot avoid, so the ratio is what the template costs on top.
// - diffWidget over a 2,000-character streaming Text grown in 100 steps against JSON.stringify of
//   both states at each step: the cheapest way to look at every field of both trees once, which
//   any diff has to do.

const REPO_ROOT = process.env.REPO_ROOT ?? process.cwd()
const ROUNDS = 300
const ROWS = 50
const STEPS = 100
const TEXT = 2_000

const ms = (value: number) => `${value < 0.1 ? value.toFixed(4) : value.toFixed(3)} ms`

const TEMPLATE = parseWidgetTemplate({
  version: '1.0',
  name: 'Bench list',
  template:
    '{"type":"ListView","children":[{%- set _c -%}{%- for item in items -%},{"type":"ListViewItem","key":{{ (item.id) | tojson }},"gap":3,"onClickAction":{"type":"item.open","payload":{"id":{{ (item.id) | tojson }}}},"children":[{"type":"Box","background":{{ (item.color) | tojson }},"radius":"full","size":24},{"type":"Col","children":[{"type":"Text","value":{{ (item.title) | tojson }},"weight":"semibold"},{"type":"Caption","value":{{ ((item.count ~ " items · ") ~ (item.price / 100)) | tojson }}}]}]}{%- endfor -%}{%- endset -%}{{- (_c[1:] if _c and _c[0] == \',\' else _c) -}}]}',
  jsonSchema: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'title', 'color', 'count', 'price'],
          properties: {
            id: { type: 'string' },
            title: { type: 'string' },
            color: { type: 'string' },
            count: { type: 'integer' },
            price: { type: 'integer' },
          },
        },
      },
    },
  },
})

function timeBoth(a: () => unknown, b: () => unknown): { a: number[]; b: number[] } {
  const times = { a: [] as number[], b: [] as number[] }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [key, run] of round % 2 === 0
      ? ([
          ['a', a],
          ['b', b],
        ] as const)
      : ([
          ['b', b],
          ['a', a],
        ] as const)) {
      const start = performance.now()
      run()
      times[key].push(performance.now() - start)
    }
  }
  return times
}

it('widgets: build() of a 50-row ListView, and diffWidget of a streamed text', () => {
  const data = {
    items: Array.from({ length: ROWS }, (_, i) => ({
      id: `item_${i}`,
      title: `Item <${i}> & "more"`,
      color: ['blue-500', 'orange-500', 'purple-500'][i % 3] ?? 'blue-500',
      count: i * 3,
      price: 1999 + i,
    })),
  }
  const rendered = JSON.stringify(TEMPLATE.build(data))
  const build = timeBoth(
    () => TEMPLATE.build(data),
    () => JSON.parse(rendered),
  )

  const states: Card[] = Array.from({ length: STEPS + 1 }, (_, step) => ({
    type: 'Card',
    children: [
      { type: 'Title', value: 'Summary' },
      { type: 'Text', id: 'body', value: 'x'.repeat((TEXT / STEPS) * step), streaming: true },
      { type: 'Caption', value: 'streaming' },
    ],
  }))
  const diff = timeBoth(
    () => {
      for (let step = 1; step <= STEPS; step++) diffWidget(states[step - 1] as Card, states[step] as Card)
    },
    () => {
      for (let step = 1; step <= STEPS; step++) {
        JSON.stringify(states[step - 1])
        JSON.stringify(states[step])
      }
    },
  )

  const results = {
    build: { ours: percentiles(build.a), baseline: percentiles(build.b), outputBytes: rendered.length },
    diff: { ours: percentiles(diff.a), baseline: percentiles(diff.b) },
  }
  const rows = [
    [
      `8. build() of a ${ROWS}-row ListView template p50 (p99)`,
      'vs JSON.parse of its output',
      `${ms(results.build.ours.p50)} (${ms(results.build.ours.p99)}) vs ${ms(results.build.baseline.p50)} (${ms(results.build.baseline.p99)})`,
      `${(results.build.ours.p50 / results.build.baseline.p50).toFixed(1)}x JSON.parse`,
    ],
    [
      `9. diffWidget, a ${TEXT.toLocaleString('en')}-character text in ${STEPS} steps p50 (p99)`,
      'vs JSON.stringify of both states, per step',
      `${ms(results.diff.ours.p50)} (${ms(results.diff.ours.p99)}) vs ${ms(results.diff.baseline.p50)} (${ms(results.diff.baseline.p99)})`,
      `${(results.diff.ours.p50 / results.diff.baseline.p50).toFixed(2)}x JSON.stringify`,
    ],
  ]
  writeFileSync(join(REPO_ROOT, 'bench/results-widgets.json'), `${JSON.stringify(results, null, 2)}\n`)
  console.log(
    `\n${formatTable(['figure', 'compared', 'measured', 'ratio'], rows)}\n\nwritten to bench/results-widgets.json`,
  )
})
