import { z } from 'zod'

// The 16 request types of chatkit-python 1.6.5 (`chatkit/types.py`), as zod 4 schemas. Unknown
// keys are dropped, as pydantic ignores them. Limits that Python leaves open are bounded here so
// one request cannot ask for an unbounded page.

/** The largest `limit` a list request may ask for. */
export const MAX_PAGE_LIMIT = 1000

const id = z.string().min(1).max(512)
const order = z.enum(['asc', 'desc']).default('desc')
const limit = z.int().min(0).max(MAX_PAGE_LIMIT).nullish()
const after = z.string().max(512).nullish()
const jsonObject = z.record(z.string(), z.unknown())

const userMessageContent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('input_text'), text: z.string() }),
  z.object({
    type: z.literal('input_tag'),
    id: z.string(),
    text: z.string(),
    // ChatKit's client sends a tag's data only when its entity has some.
    data: jsonObject.default({}),
    group: z.string().nullish(),
    interactive: z.boolean().default(false),
  }),
])

const userMessageInput = z.object({
  content: z.array(userMessageContent),
  attachments: z.array(id),
  quoted_text: z.string().nullish(),
  inference_options: z.object({
    tool_choice: z.object({ id: z.string() }).nullish(),
    model: z.string().nullish(),
  }),
})

const action = z.object({ type: z.string().min(1), payload: z.unknown().optional() })

const customActionParams = z.object({ thread_id: id, item_id: id.nullish(), action })

const request = <T extends string, P extends z.ZodType>(type: T, params: P) =>
  z.object({ type: z.literal(type), params, metadata: jsonObject.default({}) })

/** Schemas of the requests answered with a stream of events. */
export const streamingRequestSchemas = [
  request('threads.create', z.object({ input: userMessageInput })),
  request('threads.add_user_message', z.object({ input: userMessageInput, thread_id: id })),
  request('threads.add_client_tool_output', z.object({ thread_id: id, result: z.unknown() })),
  request(
    'threads.add_structured_input',
    z.object({
      thread_id: id,
      item_id: id,
      input: z.object({
        status: z.enum(['answered', 'skipped']).default('answered'),
        answers: z
          .record(
            z.string(),
            z.object({ values: z.array(z.string()).default([]), skipped: z.boolean().default(false) }),
          )
          .default({}),
      }),
    }),
  ),
  request('threads.retry_after_item', z.object({ thread_id: id, item_id: id })),
  request('threads.custom_action', customActionParams),
] as const

/** Schemas of the requests answered with one JSON body. */
export const jsonRequestSchemas = [
  request('threads.get_by_id', z.object({ thread_id: id })),
  request('threads.list', z.object({ limit, order, after })),
  request('items.list', z.object({ thread_id: id, limit, order, after })),
  request(
    'items.feedback',
    z.object({ thread_id: id, item_ids: z.array(id), kind: z.enum(['positive', 'negative']) }),
  ),
  request('attachments.create', z.object({ name: z.string(), size: z.int().min(0), mime_type: z.string() })),
  request('attachments.delete', z.object({ attachment_id: id })),
  request('threads.update', z.object({ thread_id: id, title: z.string() })),
  request('threads.delete', z.object({ thread_id: id })),
  request('input.transcribe', z.object({ audio_base64: z.base64(), mime_type: z.string() })),
  request('threads.sync_custom_action', customActionParams),
] as const

/** Every request the protocol knows, told apart by `type`. */
export const chatKitRequestSchema = z.discriminatedUnion('type', [
  ...streamingRequestSchemas,
  ...jsonRequestSchemas,
])

/** A validated request: `{ type, params, metadata }`. `metadata` comes from the browser: never trust it. */
export type ChatKitRequest = z.output<typeof chatKitRequestSchema>

/** The request types answered with a stream of events. */
export type StreamingRequest = z.output<(typeof streamingRequestSchemas)[number]>

/** The request types answered with one JSON body. */
export type JsonRequest = z.output<(typeof jsonRequestSchemas)[number]>

/** Every request type, `threads.create` to `threads.sync_custom_action`. */
export type ChatKitRequestType = ChatKitRequest['type']

/** The streaming request types. */
export const STREAMING_REQUEST_TYPES: readonly ChatKitRequestType[] = streamingRequestSchemas.map(
  (schema) => schema.shape.type.value,
)

/** Every request type, streaming first. */
export const REQUEST_TYPES: readonly ChatKitRequestType[] = [
  ...STREAMING_REQUEST_TYPES,
  ...jsonRequestSchemas.map((schema) => schema.shape.type.value),
]

/** Whether a request is answered with a stream of events. */
export function isStreamingRequest(request: ChatKitRequest): request is StreamingRequest {
  return STREAMING_REQUEST_TYPES.includes(request.type)
}
