import * as z from 'zod/mini'

/**
 * A session's state as the API reports it (the SDK's `ChatSessionStatus`). `expired` and
 * `cancelled` are final: there is no refresh endpoint, so a new session replaces them.
 */
export const apiSessionStatusSchema = z.enum(['active', 'expired', 'cancelled'])

/** A session's state as the API reports it; not the hook's lifecycle `ChatKitSessionStatus`. */
export type ApiSessionStatus = z.infer<typeof apiSessionStatusSchema>
