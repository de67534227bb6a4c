import { formatIssues } from '@chatkit-session/core'
import * as z from 'zod/mini'

/**
 * Faults the emulator injects, switchable at run time with `setFaults` (or
 * `POST /__emulator/faults`). All are off by default.
 */
export interface EmulatorFaults {
  /**
   * Delay before every API answer, in milliseconds (at most {@link MAX_EMULATOR_LATENCY_MS});
   * replaces the `latencyMs` option while set.
   * @default the `latencyMs` option
   */
  latencyMs?: number
  /**
   * Answer every session request (create and cancel) with this HTTP status (400..599) and an
   * OpenAI-style error body, for example 500, 503, 401 or 403 (429 also sends `retry-after: 1`).
   * `null` switches it off.
   * @default null
   */
  status?: number | null
  /**
   * Fraction (0..1) of create requests answered 500, drawn with the `random` option.
   * @default 0
   */
  failRate?: number
  /**
   * Drop the connection instead of answering: the socket is destroyed over HTTP, and the
   * in-process `fetch` rejects with a `TypeError`, as a real network failure does.
   * @default false
   */
  dropConnection?: boolean
  /**
   * Cut every JSON body in half, so it no longer parses.
   * @default false
   */
  malformedJson?: boolean
  /**
   * Issue sessions that are already expired (`expires_at` one second in the past).
   * @default false
   */
  expiredSessions?: boolean
}

/** Longest latency the emulator accepts, in milliseconds: a minute. */
export const MAX_EMULATOR_LATENCY_MS = 60_000

/**
 * Validates a faults object, for `setFaults` and the control route. Its shape names each key of
 * {@link EmulatorFaults} once: the compiler refuses a key missing here or one the type lacks.
 */
export const emulatorFaultsSchema = z.object({
  latencyMs: z.optional(z.number().check(z.minimum(0), z.maximum(MAX_EMULATOR_LATENCY_MS))),
  status: z.optional(z.nullable(z.int().check(z.minimum(400), z.maximum(599)))),
  failRate: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
  dropConnection: z.optional(z.boolean()),
  malformedJson: z.optional(z.boolean()),
  expiredSessions: z.optional(z.boolean()),
} satisfies Record<keyof EmulatorFaults, z.ZodMiniType>)

/** Parses `value` as faults, throwing a `TypeError` that names each bad field. */
export function parseEmulatorFaults(value: unknown): Partial<EmulatorFaults> {
  const parsed = emulatorFaultsSchema.safeParse(value)
  if (!parsed.success) throw new TypeError(`Invalid emulator faults: ${formatIssues(parsed.error.issues)}`)
  return parsed.data
}
