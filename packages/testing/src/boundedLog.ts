/**
 * How many requests the emulator and the ChatKit server stand-in remember in their `requests`
 * log; past it, the oldest entry is dropped for each new one.
 */
export const MAX_RECORDED_REQUESTS = 10_000

/**
 * How many sessions the emulator keeps; past it, the oldest session is forgotten (a cancel or a
 * look-up of it then answers 404, as for an unknown id).
 */
export const MAX_STORED_SESSIONS = 10_000

/** Appends `entry` to `log`, dropping the oldest entries beyond `limit`: a ring of that size. */
export function appendBounded<T>(log: T[], entry: T, limit: number): void {
  log.push(entry)
  if (log.length > limit) log.splice(0, log.length - limit)
}
