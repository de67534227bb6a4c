import { EdgeVM } from '@edge-runtime/vm'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { bundleForEdge } from '../../../../scripts/edgeBundle.ts'

// The proof that `@chatkit-session/chatkit-server/fetch` runs unchanged in an edge runtime (a
// Next.js route handler with `runtime = 'edge'`, a Worker): the entry is bundled as an edge
// bundler would (edge-light / worker conditions, no Node built-ins), then evaluated in Vercel's
// EdgeVM, which has the Web APIs an edge function gets and nothing of Node. Our token handler
// signs the token in the same VM, with Web Crypto.

let bundle: string

beforeAll(async () => {
  bundle = await bundleForEdge(
    `
      import { createChatKitHandler } from '@chatkit-session/chatkit-server/fetch'
      import { createChatKitTokenHandler } from '@chatkit-session/server/fetch'
      globalThis.edge = { createChatKitHandler, createChatKitTokenHandler }
    `,
    fileURLToPath(new URL('../../../server/src', import.meta.url)),
  )
}, 60_000)

async function inEdge<T>(body: string): Promise<T> {
  const vm = new EdgeVM({ extend: (context) => Object.assign(context, { process: { env: {} } }) })
  vm.evaluate(bundle)
  return (await vm.evaluate(`(async () => { ${body} })()`)) as T
}

describe('@chatkit-session/chatkit-server/fetch in an edge runtime (EdgeVM)', () => {
  it('is bundled without Node built-ins', () => {
    expect(bundle.length).toBeGreaterThan(0)
    expect(bundle).not.toMatch(/require\(["']node:/)
  })

  it('verifies a token signed in the same runtime, answers JSON and a stream, and refuses without a token', async () => {
    const answers = await inEdge<{ status: number; type: string | null; text: string }[]>(`
      const secret = 'an-edge-runtime-secret-of-32-bytes!!'
      const audience = 'https://chatkit.edge.example'
      const encoder = new TextEncoder()
      const server = {
        async process(body, context) {
          if (body.type === 'threads.list') return { type: 'json', body: JSON.stringify({ data: [], has_more: false, user: context.userId }) }
          return {
            type: 'stream',
            stream: new ReadableStream({
              start(controller) {
                controller.enqueue(encoder.encode('data: {"type":"stream_options","stream_options":{"allow_cancel":true}}\\n\\n'))
                controller.close()
              },
            }),
          }
        },
      }
      const handler = edge.createChatKitHandler({ server, verify: { secret, audience } })
      const mint = edge.createChatKitTokenHandler({ secret, audience, getUser: () => 'user_edge' })
      const minted = await (await mint(new Request('https://edge.example/api/token', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
      }))).json()
      const call = async (body, token) => {
        const headers = { 'content-type': 'application/json', origin: 'https://edge.example' }
        if (token) headers.authorization = 'Bearer ' + token
        const response = await handler(new Request('https://edge.example/api/chatkit', { method: 'POST', headers, body: JSON.stringify(body) }))
        return { status: response.status, type: response.headers.get('content-type'), text: await response.text() }
      }
      const token = minted.session.client_secret
      return [
        await call({ type: 'threads.list', params: {} }, token),
        await call({ type: 'threads.create', params: {} }, token),
        await call({ type: 'threads.list', params: {} }),
      ]
    `)
    const [list, stream, denied] = answers
    expect(list).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
      text: '{"data":[],"has_more":false,"user":"user_edge"}',
    })
    expect(stream).toEqual({
      status: 200,
      type: 'text/event-stream; charset=utf-8',
      text: 'data: {"type":"stream_options","stream_options":{"allow_cancel":true}}\n\n',
    })
    expect(denied?.status).toBe(401)
    expect(JSON.parse(denied?.text ?? '')).toEqual({
      error: { code: 'missing', message: expect.any(String) },
    })
  })
})

// `@chatkit-session/chatkit-server/widgets` in the same runtime: EdgeVM refuses `eval` and
// `new Function`, so a template that builds here proves the Jinja engine and the schema check
// need neither.
describe('@chatkit-session/chatkit-server/widgets in an edge runtime (EdgeVM)', () => {
  let widgets: string

  beforeAll(async () => {
    widgets = await bundleForEdge(
      `
        import { parseWidgetTemplate, diffWidget, streamWidget } from '@chatkit-session/chatkit-server/widgets'
        globalThis.widgets = { parseWidgetTemplate, diffWidget, streamWidget }
      `,
      fileURLToPath(new URL('.', import.meta.url)),
    )
  }, 60_000)

  it('is bundled without Node built-ins', () => {
    expect(widgets.length).toBeGreaterThan(0)
    expect(widgets).not.toMatch(/require\(["']node:|from ["']node:/)
  })

  it('builds a template, refuses bad data by its path, and streams a widget', async () => {
    const vm = new EdgeVM()
    vm.evaluate(widgets)
    expect(() => vm.evaluate('new Function("return 1")')).toThrow(/Code generation from strings disallowed/)
    const result = (await vm.evaluate(`(async () => {
      const template = widgets.parseWidgetTemplate({
        version: '1.0',
        name: 'Edge',
        template: '{"type":"ListView","children":[{%- set _c -%}{%- for item in items -%},{"type":"ListViewItem","key":{{ item.id | tojson }},"children":[{"type":"Text","value":{{ (item.label ~ " <" ~ loop.index ~ ">") | tojson }}}]}{%- endfor -%}{%- endset -%}{{- (_c[1:] if _c and _c[0] == "," else _c) -}}]}',
        jsonSchema: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { type: 'object', required: ['id', 'label'], properties: { id: { type: 'string' }, label: { type: 'string' } } } } } },
      })
      const built = template.build({ items: [{ id: 'a', label: 'First' }, { id: 'b', label: 'Second' }] })
      let refused
      try { template.build({ items: [{ id: 1, label: 'x' }] }) } catch (error) { refused = { code: error.code, path: error.path } }
      const events = []
      for await (const event of widgets.streamWidget({ threadId: 't', id: 'w', createdAt: 'now', widget: [built, built] })) events.push(event.type)
      return JSON.stringify({ built, refused, events })
    })()`)) as string
    expect(JSON.parse(result)).toEqual({
      built: {
        type: 'ListView',
        children: [
          { type: 'ListViewItem', key: 'a', children: [{ type: 'Text', value: 'First <1>' }] },
          { type: 'ListViewItem', key: 'b', children: [{ type: 'Text', value: 'Second <2>' }] },
        ],
      },
      refused: { code: 'invalid_data', path: '/items/0/id' },
      events: ['thread.item.added', 'thread.item.done'],
    })
  })
})
