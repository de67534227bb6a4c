import type { StreamingRequest } from '../chatKitRequest.ts'
import { DEFAULT_PAGE_SIZE } from '../chatKitServerOptions.ts'
import type { StructuredInputItem } from '../types.ts'
import { processEvents } from './processEvents.ts'
import { invalidRequest, found } from './refusal.ts'
import { respondWith, type PreparedStream } from './respondWith.ts'
import type { ServerCore } from './serverCore.ts'

/** The requests that answer what the assistant asked: a client tool's output, a structured input. */
export type ToolOutputRequest = Extract<
  StreamingRequest,
  { type: 'threads.add_client_tool_output' | 'threads.add_structured_input' }
>

type StructuredInputAnswer = Extract<
  ToolOutputRequest,
  { type: 'threads.add_structured_input' }
>['params']['input']

/** The structured input with the browser's answers: own keys only, single choices cut to one value. */
function answer(item: StructuredInputItem, input: StructuredInputAnswer): StructuredInputItem {
  return {
    ...item,
    status: input.status,
    inputs: item.inputs.map((question) => {
      const given = Object.hasOwn(input.answers, question.id) ? input.answers[question.id] : undefined
      if (input.status === 'skipped' || !given || given.skipped || given.values.length === 0)
        return { ...question, answer: { values: [], skipped: true } }
      const values =
        question.type === 'multiple_choice' && !question.multiple ? given.values.slice(0, 1) : given.values
      return { ...question, answer: { values, skipped: false } }
    }),
  }
}

/**
 * `threads.add_client_tool_output` and `threads.add_structured_input`: records the answer on the
 * pending item, then asks the app to continue (`respond` with a `null` input).
 */
export async function prepareToolOutputRequest<TContext>(
  core: ServerCore<TContext>,
  request: ToolOutputRequest,
  context: TContext,
): Promise<PreparedStream> {
  const { store } = core
  const thread = await found(store.loadThread(request.params.thread_id, context), 'params.thread_id')
  const continueWith = (signal: AbortSignal) => respondWith(core, request, thread, null, context, signal)
  switch (request.type) {
    case 'threads.add_client_tool_output': {
      const last = await store.loadThreadItems(thread.id, { after: null, limit: 1, order: 'desc' }, context)
      const call = last.data.find((item) => item.type === 'client_tool_call' && item.status === 'pending')
      if (call?.type !== 'client_tool_call')
        throw invalidRequest('params.thread_id', "the thread's last item is not a pending client tool call")
      const { result } = request.params
      return async function* (signal) {
        await store.saveItem(thread.id, { ...call, output: result, status: 'completed' }, context)
        // Any other pending call can no longer be answered: drop it, as chatkit-python does.
        const recent = await store.loadThreadItems(
          thread.id,
          { after: null, limit: DEFAULT_PAGE_SIZE, order: 'desc' },
          context,
        )
        for (const item of recent.data)
          if (item.type === 'client_tool_call' && item.status === 'pending')
            await store.deleteThreadItem(thread.id, item.id, context)
        yield* processEvents(core, thread, context, continueWith(signal), signal, request.type)
      }
    }
    case 'threads.add_structured_input': {
      const { item_id, input } = request.params
      const item = await found(store.loadItem(thread.id, item_id, context), 'params.item_id')
      if (item.type !== 'structured_input')
        throw invalidRequest('params.item_id', 'the item is not a structured input')
      if (item.status !== 'pending')
        throw invalidRequest('params.item_id', 'the structured input is not pending')
      const answered = answer(item, input)
      return (signal) =>
        processEvents(
          core,
          thread,
          context,
          async function* () {
            yield { type: 'thread.item.replaced', item: answered }
            yield* continueWith(signal)()
          },
          signal,
          request.type,
        )
    }
  }
}
