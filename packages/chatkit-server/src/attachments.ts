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
