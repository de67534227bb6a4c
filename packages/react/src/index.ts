'use client'

export { useChatKitSession } from './useChatKitSession.ts'
export {
  ChatKitProvider,
  useChatKitSessionContext,
  useChatKitSessionSelector,
  useChatKitSessionStatus,
} from './ChatKitProvider.tsx'
export type { ChatKitProviderProps } from './ChatKitProvider.tsx'
export { toChatKitApi, useChatKitApi } from './useChatKitApi.ts'
export {
  CHATKIT_ELEMENT,
  DEFAULT_WIDGET_TIMEOUT_MS,
  useChatKitWidgetStatus,
} from './useChatKitWidgetStatus.ts'
export type { ChatKitWidgetStatus, UseChatKitWidgetStatusOptions } from './useChatKitWidgetStatus.ts'
export type {
  ChatKitUploadStrategy,
  HostedChatKitApi,
  SelfHostedChatKitApi,
  SelfHostedChatKitOptions,
} from './useChatKitApi.ts'
export { sessionQueryKey } from './sessionData.ts'
export { createSessionFetcher } from './createSessionFetcher.ts'
export { createCancelSessionFetcher } from './createCancelSessionFetcher.ts'
export type { SessionFetcherOptions } from './postToSessionEndpoint.ts'
export type {
  CancelSessionAction,
  ChatKitSessionStatus,
  CreateSessionAction,
  InitialSession,
  UseChatKitSessionOptions,
  UseChatKitSessionResult,
} from './types.ts'
export { ChatKitSessionError, isChatKitSessionError } from '@chatkit-session/core'
export type { ChatKitSessionErrorCode, ClientSession, SessionActionResult } from '@chatkit-session/core'
