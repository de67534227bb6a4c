// `@chatkit-session/chatkit-server/agents`: the OpenAI Agents SDK bridge. An entry of its own
// so that `@openai/agents` stays an optional peer: only apps that import this entry need it.
export { createAgentResponder, DEFAULT_HISTORY_LIMIT } from './agents/createAgentResponder.ts'
export type { CreateAgentResponderOptions } from './agents/createAgentResponder.ts'
export { streamAgentResponse } from './agents/streamAgentResponse.ts'
export type {
  AgentRunStream,
  AgentToolCall,
  GeneratedImageInput,
  StreamAgentResponseOptions,
} from './agents/streamAgentResponse.ts'
export { threadItemsToAgentInput } from './agents/threadItemsToAgentInput.ts'
export type {
  AgentUserContent,
  MaybePromise,
  ThreadItemsToAgentInputOptions,
} from './agents/threadItemsToAgentInput.ts'
export { loadThreadHistory } from './agents/loadThreadHistory.ts'
export { AgentInputError } from './agents/agentInputError.ts'
export type { AgentInputErrorCode } from './agents/agentInputError.ts'
export {
  AGENT_RUN_STATE,
  DEFAULT_MAX_RUN_STATE_BYTES,
  isAgentRunStateItem,
  summarizeToolArguments,
} from './agents/toolApprovals.ts'
export { ToolApprovalError } from './agents/toolApprovalError.ts'
export type { ToolApprovalErrorCode } from './agents/toolApprovalError.ts'
export type { AgentRunStateContent, AgentRunStateItem, ToolApprovalOptions } from './agents/toolApprovals.ts'
export { widgetText, WIDGET_TEXT_LIMIT } from './agents/widgetText.ts'
export {
  citationAnnotation,
  citationAnnotations,
  defaultCitationAnnotation,
  parseCitation,
} from './agents/citationAnnotations.ts'
export type { CitationToAnnotation, ResponsesCitation } from './agents/citationAnnotations.ts'
export { accumulateText } from './agents/accumulateText.ts'
export { DEFAULT_ATTACHMENT_INPUT_MAX_BYTES, loadAttachmentInputs } from './agents/attachmentToAgentInput.ts'
export type { LoadAttachmentInputsOptions } from './agents/attachmentToAgentInput.ts'
export { chatKitContext, createChatKitRunContext } from './agents/chatKitRunContext.ts'
export type {
  ChatKitAgentContext,
  ChatKitRunContextOptions,
  ToolWidget,
  ToolWidgetOptions,
} from './agents/chatKitRunContext.ts'
export { ChatKitContextError } from './agents/chatKitContextError.ts'
export type { ChatKitContextErrorCode } from './agents/chatKitContextError.ts'
