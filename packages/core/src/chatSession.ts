import * as z from 'zod/mini'
import { apiSessionStatusSchema } from './apiSessionStatus.ts'

const nullableInt = z.nullable(z.int())

/**
 * The full ChatKit session resource returned by `POST /v1/chatkit/sessions` and by the
 * cancel endpoint (the `ChatSessionResource` schema of the OpenAPI spec). Use it on the
 * server; the browser only needs {@link clientSessionSchema}.
 */
export const chatSessionSchema = z.object({
  id: z.string(),
  object: z.literal('chatkit.session'),
  client_secret: z.string(),
  expires_at: z.int(),
  status: apiSessionStatusSchema,
  user: z.string(),
  workflow: z.object({
    id: z.string(),
    version: z.nullable(z.string()),
    state_variables: z.nullable(z.record(z.string(), z.union([z.string(), z.boolean(), z.number()]))),
    tracing: z.object({ enabled: z.boolean() }),
  }),
  rate_limits: z.object({ max_requests_per_1_minute: z.int() }),
  max_requests_per_1_minute: z.int(),
  chatkit_configuration: z.object({
    automatic_thread_titling: z.object({ enabled: z.boolean() }),
    file_upload: z.object({
      enabled: z.boolean(),
      max_file_size: nullableInt,
      max_files: nullableInt,
    }),
    history: z.object({ enabled: z.boolean(), recent_threads: nullableInt }),
  }),
})

/** A ChatKit session resource, as the API returns it. Contains the client secret. */
export type ChatSession = z.infer<typeof chatSessionSchema>
