/** Why a tool could not stream into the ChatKit thread. */
export type ChatKitContextErrorCode =
  /** `chatKitContext` got a run context that `createChatKitRunContext` did not make. */
  | 'outside_run'
  /** The run's stream ended or was cancelled: nothing more reaches the browser. */
  | 'run_ended'

/** A tool's ChatKit side channel cannot be used; its message names no user content. */
export class ChatKitContextError extends Error {
  override readonly name = 'ChatKitContextError'

  constructor(
    readonly code: ChatKitContextErrorCode,
    message: string,
  ) {
    super(message)
  }
}
