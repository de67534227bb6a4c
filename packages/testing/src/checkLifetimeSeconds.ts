import { MAX_SESSION_LIFETIME_SECONDS } from '@chatkit-session/core'

/** Returns `seconds` if it is a lifetime the API could issue (an integer, 1..600), else throws. */
export function checkLifetimeSeconds(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_SESSION_LIFETIME_SECONDS) {
    throw new RangeError(`lifetimeSeconds must be an integer from 1 to ${MAX_SESSION_LIFETIME_SECONDS}`)
  }
  return seconds
}
