import * as z from 'zod/mini'

/**
 * Lifecycle state the API reports for a session. `expired` and `cancelled` are final:
 * there is no refresh endpoint, so a new session replaces them.
 */
export const chatSessionStatusSchema = z.enum(['active', 'expired', 'cancelled'])

/** Lifecycle state of a ChatKit session, as the API reports it. */
export type ChatSessionStatus = z.infer<typeof chatSessionStatusSchema>
