import type { StreamingRequest } from '../chatKitRequest.ts'
import type { ThreadStreamEvent } from '../events.ts'
import type { ThreadMetadata, UserMessageItem } from '../types.ts'
import type { ServerCore } from './serverCore.ts'

/** What a streaming request family returns once its checks pass: the events, given the abort signal. */
export type PreparedStream = (signal: AbortSignal) => AsyncGenerator<ThreadStreamEvent>

/** The app's `respond` for this thread and input (`null` asks for a continuation), not yet called. */
export function respondWith<TContext>(
  core: ServerCore<TContext>,
  request: StreamingRequest,
  thread: ThreadMetadata,
  input: UserMessageItem | null,
  context: TContext,
  signal: AbortSignal,
): () => AsyncIterable<ThreadStreamEvent> {
  return () =>
    core.options.respond(
      thread,
      input,
      context,
      core.respondOptions(thread, context, signal, request.metadata),
    )
}
