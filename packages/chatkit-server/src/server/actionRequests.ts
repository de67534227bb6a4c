import type { JsonRequest, StreamingRequest } from '../chatKitRequest.ts'
import { toWireItem } from '../toWire.ts'
import { isHiddenItem } from '../types.ts'
import { processEvents } from './processEvents.ts'
import { conflict, found, notSupported } from './refusal.ts'
import type { PreparedStream } from './respondWith.ts'
import type { ServerCore } from './serverCore.ts'

/** A widget or client action, answered with a stream. */
export type ActionRequest = Extract<StreamingRequest, { type: 'threads.custom_action' }>

/** A widget action answered with at most one updated item. */
export type SyncActionRequest = Extract<JsonRequest, { type: 'threads.sync_custom_action' }>

/** The thread, and the item the action came from (`null` when the request names none). */
async function loadTarget<TContext>(
  { store }: ServerCore<TContext>,
  params: ActionRequest['params'],
  context: TContext,
) {
  const thread = await found(store.loadThread(params.thread_id, context), 'params.thread_id')
  const sender = params.item_id
    ? await found(store.loadItem(thread.id, params.item_id, context), 'params.item_id')
    : null
  return { thread, sender }
}

/** `threads.custom_action`: streams the app's `action` for the widget that sent it. */
export async function prepareActionRequest<TContext>(
  core: ServerCore<TContext>,
  request: ActionRequest,
  context: TContext,
): Promise<PreparedStream> {
  const { action } = core.options
  if (!action) throw notSupported(request.type, 'action')
  const { thread, sender } = await loadTarget(core, request.params, context)
  if (sender && sender.type !== 'widget')
    // Python answers a sender that is not a widget with a bare error event.
    return async function* () {
      yield { type: 'error', code: 'stream.error', allow_retry: false }
    }
  return (signal) =>
    processEvents(
      core,
      thread,
      context,
      () =>
        action(
          thread,
          request.params.action,
          sender,
          context,
          core.respondOptions(thread, context, signal, request.metadata),
        ),
      signal,
      request.type,
    )
}

/** `threads.sync_custom_action`: the app's `syncAction`, its updated item on the wire. */
export async function answerSyncActionRequest<TContext>(
  core: ServerCore<TContext>,
  request: SyncActionRequest,
  context: TContext,
): Promise<unknown> {
  const { syncAction } = core.options
  if (!syncAction) throw notSupported(request.type, 'syncAction')
  const { thread, sender } = await loadTarget(core, request.params, context)
  if (sender && sender.type !== 'widget') throw conflict('params.item_id', 'the item is not a widget')
  const response = await syncAction(thread, request.params.action, sender, context)
  const item = response.updated_item
  return item && !isHiddenItem(item) ? { updated_item: toWireItem(item) } : {}
}
