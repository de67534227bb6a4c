// `@chatkit-session/chatkit-server/files`: the attachment store on the local disk. Its own entry
// because it imports Node built-ins (`node:fs`): the other entries stay loadable on the edge.
export { createFileAttachmentStore } from './createFileAttachmentStore.ts'
export type { FileAttachmentStoreOptions } from './createFileAttachmentStore.ts'
