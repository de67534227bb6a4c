// `@chatkit-session/chatkit-server/attachments`: uploads, previews and the stores of attachment
// bytes. Its own entry, so an app without attachments loads none of it; no Node built-ins (the
// store on disk is `./files`).
export { AttachmentFileError } from './attachmentFileStore.ts'
export type {
  AttachmentFile,
  AttachmentFileErrorCode,
  AttachmentFileStore,
  DeletedAttachmentFile,
} from './attachmentFileStore.ts'
export { createMemoryAttachmentStore } from './createMemoryAttachmentStore.ts'
export type { MemoryAttachmentStoreOptions } from './createMemoryAttachmentStore.ts'
export {
  DEFAULT_PREVIEW_TTL_MS,
  DEFAULT_UNSENT_TTL_MS,
  createChatKitAttachments,
} from './createChatKitAttachments.ts'
export type {
  AttachmentAnswer,
  AttachmentErrorCode,
  ChatKitAttachments,
  CreateChatKitAttachmentsOptions,
} from './createChatKitAttachments.ts'
export { DEFAULT_ATTACHMENT_TYPES, RASTER_IMAGE_TYPES } from './attachmentTypes.ts'
