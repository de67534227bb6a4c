export { NotFoundError, generateId } from './store.ts'
export type { PageRequest, SortOrder, Store, StoreItemType } from './store.ts'
export type { Attachment, Page, ThreadItem, ThreadItemBase, ThreadMetadata, ThreadStatus } from './types.ts'
export type {
  ChatKitRequestError,
  ChatKitRequestErrorCode,
  ChatKitResult,
  ChatKitServer,
  ProcessOptions,
} from './chatKitServer.ts'
