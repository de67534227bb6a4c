/** Longest lifetime the API issues, in seconds (`expires_after.seconds` maximum). */
export const MAX_SESSION_LIFETIME_SECONDS = 600
