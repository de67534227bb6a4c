import type { RespondFunction, Store } from '@chatkit-session/chatkit-server'
import type { Model, ModelRequest, ModelResponse, StreamEvent } from '@openai/agents'

/** The order the offline agent offers to refund: what its approval question names. */
export const DEMO_REFUND = { orderId: 'A-1042', amount: 25 } as const

/** Whether a message asks for the offline agent that needs an approval ("approve" anywhere in it). */
export const asksForApproval = (text: string) => /\bapprov/i.test(text)

/** The text of a function call's output as the SDK gives it back to the model. */
function outputText(output: unknown): string {
  if (typeof output === 'string') return output
  if (Array.isArray(output)) return output.map(outputText).join('')
  const text = (output as { text?: unknown } | null)?.text
  return typeof text === 'string' ? text : ''
}

const usage = { requests: 1, inputTokens: 0, outputTokens: 0, totalTokens: 0 }

/**
 * An offline model for the Agents SDK: no network. Asked after a user message, it calls
 * `refund_order`; asked with the call's output, it says what happened, word by word. Streamed
 * runs only, as `createAgentResponder` makes them.
 */
class ScriptedRefundModel implements Model {
  #calls = 0

  getResponse(): Promise<ModelResponse> {
    return Promise.reject(new Error('ScriptedRefundModel only streams'))
  }

  async *getStreamedResponse(request: ModelRequest): AsyncIterable<StreamEvent> {
    yield { type: 'response_started' }
    const id = `resp_scripted_${Date.now().toString(36)}_${++this.#calls}`
    const items = typeof request.input === 'string' ? [] : request.input
    const last = items.at(-1)
    if (last?.type !== 'function_call_result') {
      const call = {
        type: 'function_call' as const,
        callId: `call_${id}`,
        name: 'refund_order',
        arguments: JSON.stringify(DEMO_REFUND),
        status: 'completed' as const,
      }
      yield { type: 'response_done', response: { id, usage, output: [call] } }
      return
    }
    const said = outputText(last.output)
    const text = said.startsWith('Refunded')
      ? `Done: ${said} You approved it, so the tool ran.`
      : 'You did not approve the refund, so nothing was done.'
    for (const delta of text.split(/(?<= )/)) yield { type: 'output_text_delta', delta }
    const message = {
      type: 'message' as const,
      role: 'assistant' as const,
      status: 'completed' as const,
      content: [{ type: 'output_text' as const, text }],
    }
    yield { type: 'response_done', response: { id, usage, output: [message] } }
  }
}

/**
 * The demos' offline path to tool approvals: an Agents SDK agent on a scripted model (no
 * network, no key) whose `refund_order` tool needs approval, answered through
 * `createAgentResponder`. `@openai/agents` loads on first use only.
 */
export function createScriptedApprovalResponder<TContext>(
  store: Store<TContext>,
  onError: (error: unknown) => void,
): RespondFunction<TContext> {
  let loaded: Promise<RespondFunction<TContext>> | undefined
  const load = async (): Promise<RespondFunction<TContext>> => {
    const [{ createAgentResponder }, { Agent, setTracingDisabled, tool }] = await Promise.all([
      import('@chatkit-session/chatkit-server/agents'),
      import('@openai/agents'),
    ])
    setTracingDisabled(true)
    const refund = tool({
      name: 'refund_order',
      description: 'Refunds an order',
      // A JSON schema rather than zod: the demos do not depend on zod.
      parameters: {
        type: 'object',
        properties: { orderId: { type: 'string' }, amount: { type: 'number' } },
        required: ['orderId', 'amount'],
        additionalProperties: false,
      },
      strict: true,
      needsApproval: true,
      execute: (args) => {
        const { orderId, amount } = args as typeof DEMO_REFUND
        return `Refunded order ${orderId} ($${amount}).`
      },
    })
    const agent = new Agent({
      name: 'Refunds',
      instructions: 'Refund orders when asked.',
      model: new ScriptedRefundModel(),
      tools: [refund],
    })
    return createAgentResponder({ agent, store, onError })
  }
  return async function* respond(thread, input, context, options) {
    loaded ??= load()
    yield* (await loaded)(thread, input, context, options)
  }
}
