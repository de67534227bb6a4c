import * as z from 'zod/mini'
import { apiSessionStatusSchema, type ApiSessionStatus } from './apiSessionStatus.ts'

/**
 * A validated session as the browser holds it. Only `client_secret` and `expires_at` are
 * required; any other keys the action returned are kept.
 */
export interface ClientSession {
  /** The ephemeral secret ChatKit authenticates with. Never log it. */
  client_secret: string
  /** Expiry, in Unix seconds on the server's clock. */
  expires_at: number
  /** Session id (`cksess_...`), needed to cancel the session. */
  id?: string | undefined
  /** Lifecycle state as reported by the API. */
  status?: ApiSessionStatus | undefined
  /**
   * The server's clock, in Unix seconds, when the session was issued. With it, the lifetime
   * is measured on one clock (`expires_at - server_time`) and client clock skew cancels out.
   * The server helpers always set it, with millisecond precision (`Date.now() / 1000`): a
   * whole-second value can overstate the lifetime by up to a second.
   */
  server_time?: number | undefined
  /**
   * What the cancel action needs besides the id to prove that the signed-in user owns the
   * session: an opaque string the server signed over (user, session id). Not a secret: it lets
   * only that user cancel only that session.
   */
  cancel_handle?: string | undefined
}

/** Longest {@link ClientSession.cancel_handle} the schema accepts, in characters. */
export const MAX_CANCEL_HANDLE_LENGTH = 256

/**
 * What a browser needs from a session, and all it insists on: a non-empty `client_secret`
 * and a finite `expires_at`. Other keys pass through, so both the SDK's `ChatSession` and
 * the legacy example response of the API reference (`scope`, `max_requests_per_session`,
 * no `id`) parse.
 */
export const clientSessionSchema: z.ZodMiniType<ClientSession & Record<string, unknown>> = z.looseObject({
  client_secret: z.string().check(z.minLength(1)),
  expires_at: z.number(),
  id: z.optional(z.string()),
  status: z.optional(apiSessionStatusSchema),
  server_time: z.optional(z.number()),
  cancel_handle: z.optional(z.string().check(z.maxLength(MAX_CANCEL_HANDLE_LENGTH))),
})
