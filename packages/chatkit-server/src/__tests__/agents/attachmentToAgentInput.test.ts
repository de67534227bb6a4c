import { Agent, OpenAIProvider, Runner, setTracingDisabled } from '@openai/agents'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createAgentResponder } from '../../agents.ts'
import { createChatKitAttachments } from '../../createChatKitAttachments.ts'
import { createChatKitServer } from '../../createChatKitServer.ts'
import { createMemoryAttachmentStore } from '../../createMemoryAttachmentStore.ts'
import { ALICE, clock, eventsOf, testStore, type TestContext } from '../harness.ts'
import { startFakeResponsesApi, type FakeResponsesApi } from './fakeResponsesApi.ts'

// The SDK's tracing exports to OpenAI's API: never from these tests.
beforeAll(() => setTracingDisabled(true))

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])
const PDF = new TextEncoder().encode('%PDF-1.7\nhello\n%%EOF\n')
const TEXT = 'a,b\n1,2\n'
const ZIP = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0])
const base64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64')

let api: FakeResponsesApi | undefined
afterEach(() => api?.close())

async function setup() {
  api = await startFakeResponsesApi(['Seen.'])
  const store = testStore()
  const files = createMemoryAttachmentStore<TestContext>()
  const attachments = createChatKitAttachments<TestContext>({
    store,
    files,
    secret: 'agent-attachment-test-secret-0123456789abcdef',
    url: 'https://app.example/api/chatkit',
    types: { 'image/png': 1024, 'application/pdf': 1024, 'text/csv': 1024, 'application/zip': 1024 },
  })
  const runner = new Runner({
    modelProvider: new OpenAIProvider({
      apiKey: 'sk-test-not-a-key',
      baseURL: api.baseURL,
      useResponses: true,
    }),
  })
  const server = createChatKitServer<TestContext>({
    store: attachments.store,
    attachmentStore: attachments,
    respond: createAgentResponder({
      agent: new Agent({ name: 'helper', model: 'gpt-test' }),
      store: attachments.store,
      attachments: files,
      runner,
    }),
    now: clock,
  })
  const upload = async (bytes: Uint8Array<ArrayBuffer> | string, type: string, name: string) => {
    const form = new FormData()
    form.append('file', new Blob([bytes], { type }), name)
    const answer = await attachments.upload(
      new Request('https://app.example/api/chatkit', { method: 'POST', body: form }),
      ALICE,
    )
    if (answer.type !== 'json') throw new Error(`upload refused: ${JSON.stringify(answer)}`)
    return (JSON.parse(answer.body) as { id: string }).id
  }
  return { server, upload, files, requests: api.requests }
}

const message = (text: string, ids: string[] = []) => ({
  content: [{ type: 'input_text', text }],
  attachments: ids,
  inference_options: {},
})

/** The user messages' content the model received in one request. */
function userContent(request: Record<string, unknown> | undefined): unknown[] {
  const input = (request?.input ?? []) as { role?: string; content?: unknown }[]
  return input.filter((entry) => entry.role === 'user').map((entry) => entry.content)
}

describe('createAgentResponder with attachments, through a Responses API on 127.0.0.1', () => {
  it('hands images as image input, PDFs and text as file input, others by name; later turns see them again', async () => {
    const { server, upload, requests } = await setup()
    const ids = [
      await upload(PNG, 'image/png', 'cat.png'),
      await upload(PDF, 'application/pdf', 'report.pdf'),
      await upload(TEXT, 'text/csv', 'table.csv'),
      await upload(ZIP, 'application/zip', 'bundle.zip'),
    ]
    await eventsOf(
      await server.process(
        { type: 'threads.create', params: { input: message('What are these?', ids) } },
        ALICE,
      ),
    )
    const firstTurn = [
      { type: 'input_text', text: 'What are these?' },
      { type: 'input_image', detail: 'auto', image_url: `data:image/png;base64,${base64(PNG)}` },
      { type: 'input_file', file_data: `data:application/pdf;base64,${base64(PDF)}`, filename: 'report.pdf' },
      { type: 'input_file', file_data: `data:text/csv;base64,${base64(TEXT)}`, filename: 'table.csv' },
      {
        type: 'input_text',
        text: 'The user attached "bundle.zip" (application/zip), a type you cannot read here.',
      },
    ]
    expect(userContent(requests[0])).toEqual([firstTurn])

    await eventsOf(
      await server.process(
        { type: 'threads.add_user_message', params: { thread_id: 'thread_005', input: message('And now?') } },
        ALICE,
      ),
    )
    expect(userContent(requests[1])).toEqual([firstTurn, [{ type: 'input_text', text: 'And now?' }]])
  })

  it('a file gone from the store is described, not sent', async () => {
    const { server, upload, files, requests } = await setup()
    const id = await upload(PNG, 'image/png', 'cat.png')
    await eventsOf(
      await server.process({ type: 'threads.create', params: { input: message('Hi', [id]) } }, ALICE),
    )
    await files.deleteAttachment(id, ALICE)
    await eventsOf(
      await server.process(
        { type: 'threads.add_user_message', params: { thread_id: 'thread_002', input: message('Again') } },
        ALICE,
      ),
    )
    expect(userContent(requests[1])?.[0]).toEqual([
      { type: 'input_text', text: 'Hi' },
      { type: 'input_text', text: 'The user attached "cat.png" (image/png), which is no longer available.' },
    ])
  })
})
