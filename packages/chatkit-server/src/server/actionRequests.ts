import type { JsonRequest, StreamingRequest } from '../chatKitRequest.ts'
import type { WidgetActionArgs, WidgetActionHandler } from '../chatKitServerOptions.ts'
import { toWireItem } from '../toWire.ts'
import { isHiddenItem, type ThreadMetadata, type WidgetItem } from '../types.ts'
import { payloadIssue } from './payloadIssue.ts'
import { processEvents } from './processEvents.ts'
import { found, invalidRequest, notSupported } from './refusal.ts'
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

/**
 * The typed handler of `actions` for this action, with its payload checked against the handler's
 * schema (a 400 naming the field otherwise), or `undefined` when `actions` has none for its type.
 */
function typedAction<TContext>(
  core: ServerCore<TContext>,
  request: ActionRequest | SyncActionRequest,
  thread: ThreadMetadata,
  sender: WidgetItem | null,
  context: TContext,
):
  { handler: WidgetActionHandler<TContext, unknown>; args: WidgetActionArgs<TContext, unknown> } | undefined {
  const { actions } = core.options
  const { action } = request.params
  const handler = actions && Object.hasOwn(actions, action.type) ? actions[action.type] : undefined
  if (!handler) {
    const fallback = request.type === 'threads.custom_action' ? core.options.action : core.options.syncAction
    if (actions && !fallback) throw invalidRequest('params.action.type', 'no handler for this action type')
    return undefined
  }
  const parsed = handler.payload.safeParse(action.payload, { reportInput: false })
  if (!parsed.success) {
    const { path, message } = payloadIssue(handler.payload, parsed.error, 'params.action.payload')
    throw invalidRequest(path, message)
  }
  return { handler, args: { thread, action: { type: action.type, payload: parsed.data }, sender, context } }
}

/**
 * `threads.custom_action`: streams the typed handler of `actions` for the action's type (a
 * handler with only `sync` has its updated item streamed as `thread.item.replaced`), else the
 * app's `action`.
 */
export async function prepareActionRequest<TContext>(
  core: ServerCore<TContext>,
  request: ActionRequest,
  context: TContext,
): Promise<PreparedStream> {
  const { action, actions } = core.options
  if (!actions && !action) throw notSupported(request.type, 'action')
  const { thread, sender } = await loadTarget(core, request.params, context)
  if (sender && sender.type !== 'widget')
    // Python answers a sender that is not a widget with a bare error event.
    return async function* () {
      yield { type: 'error', code: 'stream.error', allow_retry: false }
    }
  const typed = typedAction(core, request, thread, sender, context)
  if (typed && !typed.handler.stream && !typed.handler.sync)
    throw invalidRequest('params.action.type', 'the handler of this action type has neither stream nor sync')
  return (signal) =>
    processEvents(
      core,
      thread,
      context,
      async function* () {
        const options = core.respondOptions(thread, context, signal, request.metadata)
        if (!typed) {
          if (action) yield* action(thread, request.params.action, sender, context, options)
          return
        }
        const { handler, args } = typed
        if (handler.stream) {
          yield* handler.stream(args, options)
          return
        }
        const item = (await handler.sync?.(args))?.updated_item
        if (item) yield { type: 'thread.item.replaced', item }
      },
      signal,
      request.type,
    )
}

/**
 * `threads.sync_custom_action`: the typed handler's `sync` for the action's type, else the app's
 * `syncAction`; the updated item on the wire.
 */
export async function answerSyncActionRequest<TContext>(
  core: ServerCore<TContext>,
  request: SyncActionRequest,
  context: TContext,
): Promise<unknown> {
  const { syncAction, actions } = core.options
  if (!actions && !syncAction) throw notSupported(request.type, 'syncAction')
  const { thread, sender } = await loadTarget(core, request.params, context)
  if (sender && sender.type !== 'widget') throw invalidRequest('params.item_id', 'the item is not a widget')
  const typed = typedAction(core, request, thread, sender, context)
  let item
  if (typed) {
    if (!typed.handler.sync)
      throw invalidRequest('params.action.type', 'this action type is answered only as a stream')
    item = (await typed.handler.sync(typed.args)).updated_item
    // A typed handler's updated item is saved, so a reload shows the widget as updated.
    if (item) await core.store.saveItem(thread.id, item, context)
  } else if (syncAction) {
    // The low-level hook saves nothing itself, as chatkit-python's sync_action.
    item = (await syncAction(thread, request.params.action, sender, context)).updated_item
  }
  return item && !isHiddenItem(item) ? { updated_item: toWireItem(item) } : {}
}
