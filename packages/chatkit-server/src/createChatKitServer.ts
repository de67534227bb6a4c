import { eventStream } from './eventStream.ts'
import { isStreamingRequest, type JsonRequest, type StreamingRequest } from './chatKitRequest.ts'
import type { ChatKitResult, ChatKitServer, ProcessOptions } from './chatKitServer.ts'
import type { CreateChatKitServerOptions } from './chatKitServerOptions.ts'
import { parseChatKitRequest } from './parseChatKitRequest.ts'
import { answerSyncActionRequest, prepareActionRequest } from './server/actionRequests.ts'
import { answerAttachmentRequest } from './server/attachmentRequests.ts'
import { answerItemRequest } from './server/itemRequests.ts'
import { prepareMessageRequest } from './server/messageRequests.ts'
import { Refusal } from './server/refusal.ts'
import type { PreparedStream } from './server/respondWith.ts'
import { createServerCore, type ServerCore } from './server/serverCore.ts'
import { answerThreadRequest } from './server/threadRequests.ts'
import { prepareToolOutputRequest } from './server/toolOutputRequests.ts'
import { answerTranscribeRequest } from './server/transcribeRequest.ts'
import { toWireJson } from './toWire.ts'

export { CANCELLED_CONTENT, DEFAULT_PAGE_SIZE } from './chatKitServerOptions.ts'
export type {
  AudioInput,
  CreateChatKitServerOptions,
  RespondFunction,
  RespondOptions,
  WidgetActionArgs,
  WidgetActionHandler,
} from './chatKitServerOptions.ts'

// Each request family is answered in a file of its own under src/server/; this file only routes.

/** Checks what a streaming request names (a 404 before any byte is streamed) and returns its events. */
function prepareStream<TContext>(
  core: ServerCore<TContext>,
  request: StreamingRequest,
  context: TContext,
): Promise<PreparedStream> {
  switch (request.type) {
    case 'threads.create':
    case 'threads.add_user_message':
    case 'threads.retry_after_item':
      return prepareMessageRequest(core, request, context)
    case 'threads.add_client_tool_output':
    case 'threads.add_structured_input':
      return prepareToolOutputRequest(core, request, context)
    case 'threads.custom_action':
      return prepareActionRequest(core, request, context)
  }
}

function answerJson<TContext>(
  core: ServerCore<TContext>,
  request: JsonRequest,
  context: TContext,
): Promise<unknown> {
  switch (request.type) {
    case 'threads.get_by_id':
    case 'threads.list':
    case 'threads.update':
    case 'threads.delete':
      return answerThreadRequest(core, request, context)
    case 'items.list':
    case 'items.feedback':
      return answerItemRequest(core, request, context)
    case 'attachments.create':
    case 'attachments.delete':
      return answerAttachmentRequest(core, request, context)
    case 'input.transcribe':
      return answerTranscribeRequest(core, request, context)
    case 'threads.sync_custom_action':
      return answerSyncActionRequest(core, request, context)
  }
}

/**
 * ChatKit's server protocol (chatkit-python 1.6.5's `ChatKitServer`) over a `Store` and
 * the app's `respond`. Its `process(body, context, { signal })` validates the body, runs the
 * request for that context and answers a stream of Server-Sent Events or one JSON body.
 */
export function createChatKitServer<TContext>(
  options: CreateChatKitServerOptions<TContext>,
): ChatKitServer<TContext> {
  const core = createServerCore(options)
  return {
    async process(
      body: unknown,
      context: TContext,
      processOptions: ProcessOptions = {},
    ): Promise<ChatKitResult> {
      const parsed = parseChatKitRequest(body)
      if (!parsed.ok) return { type: 'error', status: 400, error: parsed.error }
      const { request } = parsed
      try {
        if (!isStreamingRequest(request))
          return { type: 'json', body: toWireJson(await answerJson(core, request, context)) }
        const events = await prepareStream(core, request, context)
        return {
          type: 'stream',
          stream: eventStream(events, processOptions.signal, (error) =>
            core.onError(error, { type: request.type }),
          ),
        }
      } catch (error) {
        if (error instanceof Refusal) return { type: 'error', status: error.status, error: error.error }
        throw error
      }
    },
  }
}
