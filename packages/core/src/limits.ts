/** Longest lifetime the API issues, in seconds (`expires_after.seconds` maximum). */
export const MAX_SESSION_LIFETIME_SECONDS = 600

/**
 * Longest string value of a state variable, in characters. The API states no limit; this one is
 * ours, so a value from the browser cannot make a session request (or a log line) of any size.
 */
export const MAX_STATE_VARIABLE_VALUE_LENGTH = 4096
