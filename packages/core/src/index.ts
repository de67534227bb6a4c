export { chatSessionSchema } from './chatSession.ts'
export type { ChatSession } from './chatSession.ts'
export { apiSessionStatusSchema } from './apiSessionStatus.ts'
export type { ApiSessionStatus } from './apiSessionStatus.ts'
export { MAX_SESSION_LIFETIME_SECONDS, MAX_STATE_VARIABLE_VALUE_LENGTH } from './limits.ts'
export { MAX_CANCEL_HANDLE_LENGTH, clientSessionSchema } from './clientSession.ts'
export type { ClientSession } from './clientSession.ts'
export { sessionCreateParamsSchema } from './sessionCreateParams.ts'
export type { SessionCreateParams } from './sessionCreateParams.ts'
export {
  CHATKIT_SESSION_ERROR_CODES,
  ChatKitSessionError,
  errorCodeFromStatus,
  isChatKitSessionError,
  toChatKitSessionError,
} from './chatKitSessionError.ts'
export type { ChatKitSessionErrorCode, ChatKitSessionErrorOptions } from './chatKitSessionError.ts'
export { readSessionResult } from './sessionActionResult.ts'
export { readRetryAfterMs } from './readRetryAfterMs.ts'
export type { SessionActionError, SessionActionResult } from './sessionActionResult.ts'
export { MAX_ISSUES_MESSAGE_LENGTH, formatIssues } from './formatIssues.ts'
export { isRecord } from './isRecord.ts'
export type { IssueLike } from './formatIssues.ts'
export {
  BASE_RETRY_DELAY_MS,
  DEFAULT_REFRESH_MARGIN_MS,
  MAX_REFRESH_MARGIN_RATIO,
  MAX_RETRY_DELAY_MS,
  MAX_RETRY_DELAY_WITHOUT_SECRET_MS,
  MAX_SESSION_LIFETIME_MS,
  MIN_RETRY_DELAY_MS,
  REFRESH_JITTER_RATIO,
  REFRESH_MARGIN_RATIO,
  getRefreshMargin,
  getRefreshPoint,
  getRetryDelay,
  getSessionDeadline,
  getSessionStatus,
  getSessionTiming,
} from './freshness.ts'
export type {
  RefreshPointOptions,
  RequestClock,
  RetryDelayOptions,
  SessionDeadline,
  SessionTiming,
} from './freshness.ts'
