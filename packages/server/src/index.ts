import 'server-only'

export { createChatKitSessionAction } from './createChatKitSessionAction.ts'
export type {
  CreateChatKitSessionActionConfig,
  CreateChatKitSessionInput,
  StateVariablesSchema,
  StateVariableValue,
} from './createChatKitSessionAction.ts'
export { SESSION_ID_PATTERN, cancelChatKitSessionAction } from './cancelChatKitSessionAction.ts'
export type { CancelChatKitSessionActionConfig } from './cancelChatKitSessionAction.ts'
export type { ChatKitClientSession, ChatKitSessionActionResult } from './chatKitClientSession.ts'
export type { ChatKitClient } from './chatKitClient.ts'
export type { GetUser } from './runSessionRequest.ts'
export { fromOpenAIError, readRetryAfterMs } from './fromOpenAIError.ts'
