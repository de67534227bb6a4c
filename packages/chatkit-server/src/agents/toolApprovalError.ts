/** Why a tool approval could not pause or resume a run. */
export type ToolApprovalErrorCode =
  /**
   * A hidden item with the content type `chatkit_agent_run_state` is not a saved run the bridge
   * wrote (the app's own item, or a changed row): it is ignored, never resumed.
   */
  | 'invalid_run_state'
  /** The run's state is larger than `approvals.maxRunStateBytes`: the run is not paused. */
  | 'run_state_too_large'

/**
 * A tool approval the bridge cannot keep or resume. `onError` gets it; its message names the
 * field or option at fault, never the run's content.
 */
export class ToolApprovalError extends Error {
  override readonly name = 'ToolApprovalError'

  constructor(
    readonly code: ToolApprovalErrorCode,
    message: string,
  ) {
    super(message)
  }
}
