import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { WidgetTemplateError, parseWidgetTemplate } from '../../widgets.ts'

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/widgets/${name}.widget`, import.meta.url)), 'utf8')

const file = (template: string, jsonSchema: object = {}) => ({
  version: '1.0',
  name: 'Test',
  template,
  jsonSchema,
})

function failure(run: () => unknown): WidgetTemplateError {
  try {
    run()
  } catch (error) {
    if (error instanceof WidgetTemplateError) return error
    throw error
  }
  throw new Error('it did not fail')
}

const SECRET = 'sk-do-not-echo-me'

describe('parseWidgetTemplate', () => {
  it('reads a file’s text or its parsed object, and keeps its name, schema and preview', () => {
    const text = fixture('taskList')
    const fromText = parseWidgetTemplate(text)
    const fromObject = parseWidgetTemplate(JSON.parse(text) as object)
    expect(fromText.name).toBe('Task list')
    expect(fromText.version).toBe('1.0')
    expect(fromText.jsonSchema).toMatchObject({ required: ['tasks'] })
    expect(fromText.preview).toBeUndefined()
    const data = { tasks: [{ id: 't1', title: 'One', done: true }] }
    expect(fromObject.build(data)).toEqual(fromText.build(data))
    expect(fromText.build(data)).toMatchObject({
      type: 'ListView',
      limit: 5,
      children: [{ type: 'ListViewItem', key: 't1', onClickAction: { payload: { id: 't1', position: 1 } } }],
    })
  })

  it('reads Widget Builder’s sample data, which builds the preview jinja2 rendered for it', () => {
    const template = parseWidgetTemplate(fixture('orderCard'))
    expect(template.sampleData).toMatchObject({ order: { id: 'A-1042', customer: { name: 'Zoë Martin' } } })
    expect(template.build(template.sampleData)).toEqual(template.preview)
    expect(
      parseWidgetTemplate({ ...file('{}'), encodedWidget: 'not base64 json' }).sampleData,
    ).toBeUndefined()
  })

  it('drops the null fields of what the template rendered', () => {
    const template = parseWidgetTemplate(
      file('{"type":"Card","key":null,"children":[{"type":"Text","value":"a","color":{{ c | tojson }}}]}'),
    )
    expect(template.build({ c: null })).toEqual({ type: 'Card', children: [{ type: 'Text', value: 'a' }] })
  })

  it('builds without data when the schema allows it, and refuses a missing required field by its path', () => {
    expect(parseWidgetTemplate(file('{"type":"Card","children":[]}')).build()).toEqual({
      type: 'Card',
      children: [],
    })
    const error = failure(() => parseWidgetTemplate(fixture('orderCard')).build())
    expect(error).toMatchObject({ code: 'invalid_data', path: '/order' })
  })

  it('refuses data that does not match the schema, naming the field and never the value', () => {
    const template = parseWidgetTemplate(fixture('taskList'))
    const wrongType = failure(() => template.build({ tasks: [{ id: 't', title: 't', done: SECRET }] }))
    expect(wrongType).toMatchObject({ code: 'invalid_data', path: '/tasks/0/done' })
    expect(wrongType.message).toContain('/tasks/0/done')
    expect(wrongType.message).not.toContain(SECRET)
    const order = parseWidgetTemplate(fixture('orderCard'))
    const badEnum = failure(() =>
      order.build({
        order: {
          id: 'a',
          title: 't',
          status: SECRET,
          cents: 1,
          currency: 'x',
          customer: { name: 'n', email: 'e' },
        },
      }),
    )
    expect(badEnum).toMatchObject({ code: 'invalid_data', path: '/order/status' })
    expect(badEnum.message).not.toContain(SECRET)
  })

  it('refuses data JSON has no value for', () => {
    const template = parseWidgetTemplate(file('{"type":"Card","children":[]}'))
    expect(failure(() => template.build({ when: new Date() }))).toMatchObject({
      code: 'invalid_data',
      path: '/when',
    })
    expect(failure(() => template.build({ n: [1, Number.NaN] }))).toMatchObject({
      code: 'invalid_data',
      path: '/n/1',
    })
  })

  it('refuses a file that is not a Widget Builder export', () => {
    expect(failure(() => parseWidgetTemplate('{not json'))).toMatchObject({ code: 'invalid_file' })
    expect(failure(() => parseWidgetTemplate({ version: '1.0', name: 'x' }))).toMatchObject({
      code: 'invalid_file',
    })
    expect(failure(() => parseWidgetTemplate({ ...file('{}'), version: '2.0' }))).toMatchObject({
      code: 'unsupported_version',
    })
  })

  it('refuses, when read, a template it cannot render', () => {
    for (const template of [
      '{{ x | wordcount }}',
      '{% macro m() %}{% endmacro %}',
      '{% if x %}',
      '{{ x ',
      '{{ x is weird }}',
    ])
      expect(
        failure(() => parseWidgetTemplate(file(template))),
        template,
      ).toMatchObject({ code: 'template_syntax' })
  })

  it('fails a render where jinja2 raises, with the template line and without the data', () => {
    const template = parseWidgetTemplate(
      file('{"type":"Card",\n"children":[{"type":"Text","value":{{ (n / 0) | tojson }}}]}'),
    )
    const error = failure(() => template.build({ n: 1 }))
    expect(error).toMatchObject({ code: 'template_render' })
    expect(error.message).toMatch(/^template line 2: /)
    const strict = failure(() => parseWidgetTemplate(file('{{ missing | tojson }}')).build())
    expect(strict).toMatchObject({ code: 'template_render' })
  })

  it('refuses output that is not a widget root, naming where', () => {
    const build = (template: string) => failure(() => parseWidgetTemplate(file(template)).build())
    expect(build('not json')).toMatchObject({ code: 'invalid_output', path: '' })
    expect(build('{"type":"Text","value":"x"}')).toMatchObject({ code: 'invalid_output', path: '' })
    expect(build('{"type":"Card","children":[{"type":"Text","key":0}]}')).toMatchObject({
      code: 'invalid_output',
      path: '/children/0',
    })
    expect(build('{"type":"Card","children":[{"value":"x"}]}')).toMatchObject({
      code: 'invalid_output',
      path: '/children/0',
    })
  })

  it('accepts a single component as children (a Transition), as chatkit-python’s model does', () => {
    const widget = parseWidgetTemplate(
      file('{"type":"Card","children":[{"type":"Transition","children":{"type":"Text","value":"x"}}]}'),
    ).build()
    expect(widget).toEqual({
      type: 'Card',
      children: [{ type: 'Transition', children: { type: 'Text', value: 'x' } }],
    })
  })
})

describe('loadWidgetTemplate (Node)', () => {
  it('reads a .widget file by URL or path', async () => {
    const { loadWidgetTemplate } = await import('@chatkit-session/chatkit-server/widgets/node')
    const url = new URL('../fixtures/widgets/scoreTable.widget', import.meta.url)
    const byUrl = await loadWidgetTemplate(url)
    const byPath = await loadWidgetTemplate(fileURLToPath(url))
    const data = { rows: [['a']], summary: 's', meta: {} }
    expect(byUrl.name).toBe('Score table')
    expect(byUrl.build(data)).toEqual(byPath.build(data))
    await expect(loadWidgetTemplate(new URL('./missing.widget', url))).rejects.toMatchObject({
      code: 'ENOENT',
    })
  })
})
