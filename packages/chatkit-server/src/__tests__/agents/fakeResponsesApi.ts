import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A tiny stand-in for OpenAI's Responses API on 127.0.0.1: streams one text reply. */
export interface FakeResponsesApi {
  /** `http://127.0.0.1:PORT/v1`, for `new OpenAI({ baseURL })`. */
  baseURL: string
  /** The JSON bodies POSTed to `/v1/responses`, in order. */
  requests: Record<string, unknown>[]
  /** The version of the openai client that made each request (its `x-stainless-package-version`). */
  clientVersions: (string | undefined)[]
  close(): Promise<void>
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = ''
  for await (const chunk of request) body += String(chunk)
  return body
}

/** A function call the fake API answers the first request with. */
export interface FakeFunctionCall {
  name: string
  arguments: Record<string, unknown>
  callId: string
}

/** The Responses events of a reply that is one function call. */
function functionCallEvents(
  base: Record<string, unknown>,
  call: FakeFunctionCall,
): Record<string, unknown>[] {
  const args = JSON.stringify(call.arguments)
  const item = {
    type: 'function_call',
    id: 'fc_fake',
    call_id: call.callId,
    name: call.name,
    arguments: args,
  }
  const usage = { input_tokens: 1, input_tokens_details: { cached_tokens: 0 }, output_tokens: 1 }
  return [
    { type: 'response.created', response: { ...base, status: 'in_progress', output: [] } },
    {
      type: 'response.output_item.added',
      output_index: 0,
      item: { ...item, arguments: '', status: 'in_progress' },
    },
    { type: 'response.function_call_arguments.delta', item_id: 'fc_fake', output_index: 0, delta: args },
    { type: 'response.function_call_arguments.done', item_id: 'fc_fake', output_index: 0, arguments: args },
    { type: 'response.output_item.done', output_index: 0, item: { ...item, status: 'completed' } },
    {
      type: 'response.completed',
      response: {
        ...base,
        status: 'completed',
        output: [{ ...item, status: 'completed' }],
        usage: { ...usage, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 2 },
      },
    },
  ]
}

/** Output items streamed before everything else (hosted tool calls), with their own events. */
export interface FakeOutputBefore {
  /** Their stream events, each with its `output_index` (from 0). */
  events: Record<string, unknown>[]
  /** The items themselves, as `response.completed` lists them. */
  output: Record<string, unknown>[]
}

/** What else the fake API streams, besides the text. */
export interface FakeResponsesOptions {
  /** The first response is this function call instead of the text. */
  functionCall?: FakeFunctionCall
  /** Output items streamed before everything else in every response (hosted tool calls). */
  before?: FakeOutputBefore
}

/**
 * Starts the fake API on a free port; every response streams `options.before`'s events when
 * given, then `reasoning` as a reasoning summary when given, then `pieces` as text deltas, and
 * finishes the text with `annotations` (Responses API citations). With `options.functionCall`,
 * the first response is that call instead.
 */
export async function startFakeResponsesApi(
  pieces: string[],
  annotations: Record<string, unknown>[] = [],
  reasoning?: string,
  { functionCall, before = { events: [], output: [] } }: FakeResponsesOptions = {},
): Promise<FakeResponsesApi> {
  const requests: Record<string, unknown>[] = []
  const clientVersions: (string | undefined)[] = []
  const server: Server = createServer((request, response) => {
    void readBody(request)
      .then((body) => {
        if (request.method !== 'POST' || request.url !== '/v1/responses') {
          response.writeHead(404).end()
          return
        }
        const parsed = JSON.parse(body) as Record<string, unknown>
        requests.push(parsed)
        const version = request.headers['x-stainless-package-version']
        clientVersions.push(Array.isArray(version) ? version[0] : version)
        const model = typeof parsed.model === 'string' ? parsed.model : 'fake'
        const text = pieces.join('')
        const base = { id: 'resp_fake', object: 'response', created_at: 0, model, error: null }
        const part = { type: 'output_text', text: '', annotations: [], logprobs: [] }
        const done = { ...part, text, annotations }
        const message = {
          type: 'message',
          id: 'msg_fake',
          role: 'assistant',
          status: 'completed',
          content: [done],
        }
        // With a reasoning summary, a reasoning item comes first and the message second.
        const first = before.output.length
        const at = first + (reasoning === undefined ? 0 : 1)
        const thought = {
          type: 'reasoning',
          id: 'rs_fake',
          summary: reasoning === undefined ? [] : [{ type: 'summary_text', text: reasoning }],
        }
        const reasoningEvents =
          reasoning === undefined
            ? []
            : [
                {
                  type: 'response.output_item.added',
                  output_index: first,
                  item: { ...thought, summary: [] },
                },
                {
                  type: 'response.reasoning_summary_text.delta',
                  item_id: 'rs_fake',
                  output_index: first,
                  summary_index: 0,
                  delta: reasoning,
                },
                {
                  type: 'response.reasoning_summary_text.done',
                  item_id: 'rs_fake',
                  output_index: first,
                  summary_index: 0,
                  text: reasoning,
                },
                { type: 'response.output_item.done', output_index: first, item: thought },
              ]
        const output = [...before.output, ...(reasoning === undefined ? [] : [thought]), message]
        const usage = {
          input_tokens: 1,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: pieces.length,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: 1 + pieces.length,
        }
        const events: Record<string, unknown>[] = [
          { type: 'response.created', response: { ...base, status: 'in_progress', output: [] } },
          ...before.events,
          ...reasoningEvents,
          {
            type: 'response.output_item.added',
            output_index: at,
            item: { ...message, status: 'in_progress', content: [] },
          },
          {
            type: 'response.content_part.added',
            item_id: 'msg_fake',
            output_index: at,
            content_index: 0,
            part,
          },
          ...pieces.map((delta) => ({
            type: 'response.output_text.delta',
            item_id: 'msg_fake',
            output_index: at,
            content_index: 0,
            delta,
            logprobs: [],
          })),
          {
            type: 'response.output_text.done',
            item_id: 'msg_fake',
            output_index: at,
            content_index: 0,
            text,
            logprobs: [],
          },
          {
            type: 'response.content_part.done',
            item_id: 'msg_fake',
            output_index: at,
            content_index: 0,
            part: done,
          },
          { type: 'response.output_item.done', output_index: at, item: message },
          { type: 'response.completed', response: { ...base, status: 'completed', output, usage } },
        ]
        response.writeHead(200, { 'content-type': 'text/event-stream' })
        const sent = functionCall && requests.length === 1 ? functionCallEvents(base, functionCall) : events
        sent.forEach((event, sequence_number) =>
          response.write(
            `event: ${String(event.type)}\ndata: ${JSON.stringify({ ...event, sequence_number })}\n\n`,
          ),
        )
        response.end()
      })
      // A throw above (a test's own bug, a body that is not JSON) ends the response at once,
      // so that the client sees a failed request instead of waiting until the test times out.
      .catch((error: unknown) => response.destroy(error instanceof Error ? error : undefined))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    clientVersions,
    close: () =>
      new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  }
}
