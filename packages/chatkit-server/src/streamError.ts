/** The error codes ChatKit knows how to word for the user. New codes may come. */
export type StreamErrorCode = 'stream.error' | (string & {})

/**
 * Thrown from `respond` (or an action) to end the stream with an `error` event of a code that
 * ChatKit words itself (`stream.error`: "An error occurred when generating a response.").
 * No message of the app reaches the browser.
 */
export class StreamError extends Error {
  override readonly name = 'StreamError'
  readonly code: StreamErrorCode
  /** Whether ChatKit offers the user a retry button. */
  readonly allowRetry: boolean

  constructor(
    code: StreamErrorCode = 'stream.error',
    options: {
      /** @default true for `stream.error`, false for any other code */
      allowRetry?: boolean
    } = {},
  ) {
    super(`stream failed with ${code}`)
    this.code = code
    this.allowRetry = options.allowRetry ?? code === 'stream.error'
  }
}

/**
 * Thrown from `respond` (or an action) to end the stream with an `error` event that shows
 * `message` to the user as is: word it for people, and put no secret in it.
 */
export class CustomStreamError extends Error {
  override readonly name = 'CustomStreamError'
  /** Whether ChatKit offers the user a retry button. */
  readonly allowRetry: boolean

  constructor(
    /** The user-facing message, already localised. */
    message: string,
    options: {
      /** @default false */
      allowRetry?: boolean
    } = {},
  ) {
    super(message)
    this.allowRetry = options.allowRetry ?? false
  }
}
