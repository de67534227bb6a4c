import * as z from 'zod/mini'
import { MAX_SESSION_LIFETIME_SECONDS, MAX_STATE_VARIABLE_VALUE_LENGTH } from './limits.ts'

const MAX_STATE_VARIABLES = 64
const MAX_STATE_VARIABLE_KEY_LENGTH = 64

const positiveInt = () => z.int().check(z.minimum(1))

/**
 * Body of `POST /v1/chatkit/sessions`, with every constraint the spec states. A failed
 * parse reports the path of each bad field (for example `expires_after.seconds`).
 */
export const sessionCreateParamsSchema = z.object({
  user: z.string().check(z.minLength(1, 'must be a non-empty string identifying the end user')),
  workflow: z.object({
    id: z.string().check(z.minLength(1, 'must be a non-empty workflow id')),
    version: z.optional(z.string()),
    state_variables: z.optional(
      z
        .record(
          z
            .string()
            .check(
              z.maxLength(
                MAX_STATE_VARIABLE_KEY_LENGTH,
                `keys must be at most ${MAX_STATE_VARIABLE_KEY_LENGTH} characters`,
              ),
            ),
          z.union([
            // No message of our own: formatIssues says "must be at most 4096".
            z.string().check(z.maxLength(MAX_STATE_VARIABLE_VALUE_LENGTH)),
            z.boolean(),
            z.number(),
          ]),
        )
        .check(
          z.refine((value) => Object.keys(value).length <= MAX_STATE_VARIABLES, {
            message: `must have at most ${MAX_STATE_VARIABLES} entries`,
          }),
        ),
    ),
    tracing: z.optional(z.object({ enabled: z.optional(z.boolean()) })),
  }),
  expires_after: z.optional(
    z.object({
      anchor: z.literal('created_at'),
      seconds: z.int().check(z.minimum(1), z.maximum(MAX_SESSION_LIFETIME_SECONDS)),
    }),
  ),
  rate_limits: z.optional(z.object({ max_requests_per_1_minute: z.optional(positiveInt()) })),
  chatkit_configuration: z.optional(
    z.object({
      automatic_thread_titling: z.optional(z.object({ enabled: z.optional(z.boolean()) })),
      file_upload: z.optional(
        z.object({
          enabled: z.optional(z.boolean()),
          max_file_size: z.optional(z.int().check(z.minimum(1), z.maximum(512))),
          max_files: z.optional(positiveInt()),
        }),
      ),
      history: z.optional(
        z.object({
          enabled: z.optional(z.boolean()),
          recent_threads: z.optional(positiveInt()),
        }),
      ),
    }),
  ),
})

/** Parameters for creating a ChatKit session, as the API accepts them. */
export type SessionCreateParams = z.infer<typeof sessionCreateParamsSchema>
