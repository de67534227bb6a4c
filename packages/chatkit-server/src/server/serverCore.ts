import type { ChatKitRequestType } from '../chatKitRequest.ts'
import type { CreateChatKitServerOptions, RespondOptions } from '../chatKitServerOptions.ts'
import type { Store } from '../store.ts'
import type { ThreadMetadata } from '../types.ts'

/** What every request family reads: the app's options, with the defaults resolved. */
export interface ServerCore<TContext> {
  options: CreateChatKitServerOptions<TContext>
  store: Store<TContext>
  /** The server's clock as an ISO 8601 string. */
  now: () => string
  onError: (error: unknown, info: { type: ChatKitRequestType }) => void
  respondOptions: (
    thread: ThreadMetadata,
    context: TContext,
    signal: AbortSignal,
    metadata: Record<string, unknown>,
  ) => RespondOptions
}

/** Resolves the defaults of the options once, for every request the server answers. */
export function createServerCore<TContext>(
  options: CreateChatKitServerOptions<TContext>,
): ServerCore<TContext> {
  const { store } = options
  const clock = options.now ?? (() => new Date())
  const now = () => clock().toISOString()
  return {
    options,
    store,
    now,
    onError:
      options.onError ?? ((error, info) => console.error(`chatkit-server: ${info.type} failed`, error)),
    respondOptions: (thread, context, signal, metadata) => ({
      signal,
      metadata,
      generateItemId: (type) => store.generateItemId(type, thread, context),
      now,
    }),
  }
}
