/** Why a thread's items could not become agent input. */
export type AgentInputErrorCode =
  /** A user message carries attachments and no `attachmentToInput` says how the model reads them. */
  'attachment_not_converted'

/**
 * A thread item the bridge cannot turn into agent input without the app's help. Its message
 * names what is missing, never the item's content.
 */
export class AgentInputError extends Error {
  override readonly name = 'AgentInputError'

  constructor(
    readonly code: AgentInputErrorCode,
    message: string,
  ) {
    super(message)
  }
}
