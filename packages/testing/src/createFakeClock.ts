/** A manual clock for tests and stories: time only moves when you move it. */
export interface FakeClock {
  /** The current reading in milliseconds; pass it as a `now` option. */
  now: () => number
  /** Moves the clock forward by `ms` (a negative value moves it back) and returns the new reading. */
  advance: (ms: number) => number
  set: (ms: number) => number
}

/**
 * Creates a {@link FakeClock}. Use it to give the emulator or a fake action a server clock that
 * differs from the browser's (`Date.now`), or together with `vi.useFakeTimers()`.
 *
 * @param startMs the first reading, in milliseconds
 * @example
 * const clock = createFakeClock(Date.UTC(2030, 0, 1))
 * const emulator = createChatKitEmulator({ now: clock.now })
 * clock.advance(601_000) // every session issued so far now reports `expired`
 */
export function createFakeClock(startMs = 0): FakeClock {
  let current = startMs
  return {
    now: () => current,
    advance: (ms) => (current += ms),
    set: (ms) => (current = ms),
  }
}
