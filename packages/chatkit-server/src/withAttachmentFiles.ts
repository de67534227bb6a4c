import type { AttachmentFileStore } from './attachmentFileStore.ts'
import type { Store } from './store.ts'
import type { Attachment, ThreadItem } from './types.ts'

/**
 * The thread store as the server should use it beside an attachment file store:
 * - an attachment whose file is gone (deleted, or swept unsent) reads as missing, so a message
 *   cannot carry it;
 * - saving an attachment with its `thread_id` (the server does when a message carries it)
 *   records the thread on the file, so the sweep keeps it;
 * - deleting a thread deletes its files and their attachment records;
 * - every attachment that leaves the store gets a fresh preview link (`fresh`).
 */
export function withAttachmentFiles<TContext>(
  store: Store<TContext>,
  files: AttachmentFileStore<TContext>,
  fresh: (attachment: Attachment, context: TContext) => Promise<Attachment>,
): Store<TContext> {
  const freshItem = async (item: ThreadItem, context: TContext): Promise<ThreadItem> =>
    item.type === 'user_message' && item.attachments.length > 0
      ? {
          ...item,
          attachments: await Promise.all(item.attachments.map((a) => fresh(a, context))),
        }
      : item

  return {
    generateThreadId: (context) => store.generateThreadId(context),
    generateItemId: (type, thread, context) => store.generateItemId(type, thread, context),
    generateAttachmentId: (mimeType, context) => store.generateAttachmentId(mimeType, context),
    loadThread: (threadId, context) => store.loadThread(threadId, context),
    saveThread: (thread, context) => store.saveThread(thread, context),
    loadThreads: (page, context) => store.loadThreads(page, context),
    async deleteThread(threadId, context) {
      for (const id of await files.deleteThreadFiles(threadId, context))
        await store.deleteAttachment(id, context)
      await store.deleteThread(threadId, context)
    },
    async loadThreadItems(threadId, page, context) {
      const loaded = await store.loadThreadItems(threadId, page, context)
      return { ...loaded, data: await Promise.all(loaded.data.map((item) => freshItem(item, context))) }
    },
    addThreadItem: (threadId, item, context) => store.addThreadItem(threadId, item, context),
    saveItem: (threadId, item, context) => store.saveItem(threadId, item, context),
    async loadItem(threadId, itemId, context) {
      return freshItem(await store.loadItem(threadId, itemId, context), context)
    },
    deleteThreadItem: (threadId, itemId, context) => store.deleteThreadItem(threadId, itemId, context),
    async saveAttachment(attachment, context) {
      await store.saveAttachment(attachment, context)
      if (attachment.thread_id) await files.setFileThread(attachment.id, attachment.thread_id, context)
    },
    async loadAttachment(attachmentId, context) {
      await files.loadFile(attachmentId, context)
      return fresh(await store.loadAttachment(attachmentId, context), context)
    },
    deleteAttachment: (attachmentId, context) => store.deleteAttachment(attachmentId, context),
  }
}
