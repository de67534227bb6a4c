export { MissingOwnerError, NotFoundError, generateId } from './store.ts'
export type { PageRequest, SortOrder, Store, StoreItemType } from './store.ts'
export type {
  ChatKitRequestError,
  ChatKitRequestErrorCode,
  ChatKitResult,
  ChatKitServer,
  ProcessOptions,
} from './chatKitServer.ts'
export { createChatKitServer, CANCELLED_CONTENT, DEFAULT_PAGE_SIZE } from './createChatKitServer.ts'
export type {
  AudioInput,
  CreateChatKitServerOptions,
  RespondFunction,
  RespondOptions,
  WidgetActionArgs,
  WidgetActionHandler,
} from './createChatKitServer.ts'
export { widgetAction } from './widgetAction.ts'
export { createMemoryStore } from './createMemoryStore.ts'
export type { MemoryStoreOptions } from './createMemoryStore.ts'
export type { AttachmentCreateParams, AttachmentStore } from './attachmentStore.ts'
export { CustomStreamError, StreamError } from './streamError.ts'
export type { StreamErrorCode } from './streamError.ts'
export { streamAssistantText } from './streamAssistantText.ts'
export type { StreamAssistantTextOptions } from './streamAssistantText.ts'
export { parseChatKitRequest } from './parseChatKitRequest.ts'
export type { ParsedChatKitRequest } from './parseChatKitRequest.ts'
export {
  MAX_PAGE_LIMIT,
  REQUEST_TYPES,
  STREAMING_REQUEST_TYPES,
  chatKitRequestSchema,
  isStreamingRequest,
} from './chatKitRequest.ts'
export type { ChatKitRequest, ChatKitRequestType, JsonRequest, StreamingRequest } from './chatKitRequest.ts'
export { toWireJson, toWireThread, toWireItem, toWireAttachment, toWireEvent } from './toWire.ts'
export { HIDDEN_ITEM_TYPES, isHiddenItem } from './types.ts'
export type * from './types.ts'
export type * from './events.ts'
