import type {
  Model,
  ModelRequest,
  ModelResponse,
  StreamEvent,
  StreamEventResponseCompleted,
} from '@openai/agents'

/** One model call of a script: text pieces to stream, tool calls to make, or an error to throw. */
export type FakeTurn =
  | {
      text: string[]
      messageId?: string
      /** A reasoning summary the Responses API streams before the text (its raw `done` event). */
      reasoning?: string
      /** Raw Responses API events streamed before the text, as the SDK's `model` events. */
      raw?: Record<string, unknown>[]
      /** Raw Responses API events streamed after the text. */
      rawAfter?: Record<string, unknown>[]
      /** The Responses API annotations of the finished text. */
      annotations?: Record<string, unknown>[]
      /** More text parts of the finished message, not streamed. */
      moreParts?: string[]
      /** Output items of the response before the message (hosted tool calls, in the SDK's form). */
      outputBefore?: StreamEventResponseCompleted['response']['output']
      /** Awaited before the delta at `index` is streamed (to let a guardrail decide mid-answer). */
      beforeDelta?: (index: number) => Promise<void>
    }
  | { toolCalls: { name: string; arguments: Record<string, unknown>; callId: string }[] }
  | { throws: Error; afterText?: string[] }
  | { hangAfter: string[] }

const usage = { requests: 1, inputTokens: 1, outputTokens: 1, totalTokens: 2 }

/**
 * A model for the Agents SDK's own `Model` interface: each call plays the next turn of the
 * script. It records what it was asked and whether a hanging call saw its signal abort.
 */
export class FakeModel implements Model {
  readonly requests: ModelRequest[] = []
  /** Set when a `hangAfter` turn's request signal aborted. */
  aborted = false
  #turn = 0

  constructor(private readonly turns: FakeTurn[]) {}

  getResponse(): Promise<ModelResponse> {
    return Promise.reject(new Error('FakeModel only streams'))
  }

  async *getStreamedResponse(request: ModelRequest): AsyncIterable<StreamEvent> {
    this.requests.push(request)
    const turn = this.turns[this.#turn++]
    if (!turn) throw new Error('FakeModel: no turn left in the script')
    yield { type: 'response_started' }
    if ('throws' in turn) {
      for (const delta of turn.afterText ?? []) yield { type: 'output_text_delta', delta }
      throw turn.throws
    }
    if ('hangAfter' in turn) {
      for (const delta of turn.hangAfter) yield { type: 'output_text_delta', delta }
      await new Promise<void>((resolve) => {
        if (request.signal?.aborted) resolve()
        request.signal?.addEventListener('abort', () => resolve(), { once: true })
      })
      this.aborted = true
      throw new Error('FakeModel: aborted')
    }
    let output: StreamEventResponseCompleted['response']['output']
    if ('text' in turn) {
      for (const event of turn.raw ?? []) yield { type: 'model', event }
      if (turn.reasoning !== undefined)
        yield {
          type: 'model',
          event: {
            type: 'response.reasoning_summary_text.done',
            item_id: 'rs_fake',
            summary_index: 0,
            text: turn.reasoning,
          },
        }
      for (const [index, delta] of turn.text.entries()) {
        await turn.beforeDelta?.(index)
        yield { type: 'output_text_delta', delta, itemId: turn.messageId }
      }
      for (const event of turn.rawAfter ?? []) yield { type: 'model', event }
      output = [
        ...(turn.outputBefore ?? []),
        {
          type: 'message',
          id: turn.messageId,
          role: 'assistant',
          status: 'completed',
          content: [
            {
              type: 'output_text',
              text: turn.text.join(''),
              ...(turn.annotations ? { providerData: { annotations: turn.annotations } } : {}),
            },
            ...(turn.moreParts ?? []).map((text) => ({ type: 'output_text' as const, text })),
          ],
        },
      ]
    } else {
      output = turn.toolCalls.map((call) => ({
        type: 'function_call',
        callId: call.callId,
        name: call.name,
        arguments: JSON.stringify(call.arguments),
        status: 'completed',
      }))
    }
    yield { type: 'response_done', response: { id: `resp_${this.#turn}`, usage, output } }
  }
}
