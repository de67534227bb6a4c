import {
  AttachmentFileError,
  type AttachmentFile,
  type AttachmentFileStore,
  type DeletedAttachmentFile,
} from './attachmentFileStore.ts'
import { NotFoundError, ownerKey } from './store.ts'

/** Options of {@link createMemoryAttachmentStore}. */
export interface MemoryAttachmentStoreOptions<TContext> {
  /**
   * The key that scopes every file to one user: another key's file reads as missing.
   * @default (context) => context.userId
   */
  owner?: (context: TContext) => string
}

interface Entry {
  file: AttachmentFile
  chunks: Uint8Array[]
  writing: boolean
}

/**
 * An {@link AttachmentFileStore} in this process's memory, for tests, examples and one-process
 * demos: bytes are kept as the chunks that came in, and lost when the process ends.
 */
export function createMemoryAttachmentStore<TContext>(
  options: MemoryAttachmentStoreOptions<TContext> = {},
): AttachmentFileStore<TContext> {
  const entries = new Map<string, Map<string, Entry>>()
  const filesOf = (context: TContext) => {
    const key = ownerKey(options.owner, context, 'createMemoryAttachmentStore')
    let files = entries.get(key)
    if (!files) entries.set(key, (files = new Map()))
    return files
  }
  const entryOf = (id: string, context: TContext) => {
    const entry = filesOf(context).get(id)
    if (!entry) throw new NotFoundError('attachment file not found')
    return entry
  }

  return {
    async createFile(file, context) {
      const files = filesOf(context)
      if (files.has(file.id)) throw new AttachmentFileError('exists', 'the owner has a file with this id')
      files.set(file.id, { file: { ...file, uploaded: false }, chunks: [], writing: false })
    },

    async writeFile(id, body, context) {
      const entry = entryOf(id, context)
      if (entry.file.uploaded || entry.writing)
        throw new AttachmentFileError('already_uploaded', 'the file is uploaded or being uploaded')
      entry.writing = true
      const chunks: Uint8Array[] = []
      let size = 0
      try {
        for await (const chunk of body) {
          chunks.push(chunk.slice())
          size += chunk.byteLength
        }
      } finally {
        entry.writing = false
      }
      entry.chunks = chunks
      entry.file = { ...entry.file, size, uploaded: true }
      return { ...entry.file }
    },

    async loadFile(id, context) {
      return { ...entryOf(id, context).file }
    },

    async readFile(id, context) {
      const entry = entryOf(id, context)
      if (!entry.file.uploaded) throw new NotFoundError('attachment file not uploaded')
      const chunks = [...entry.chunks]
      return {
        file: { ...entry.file },
        body: new ReadableStream<Uint8Array>({
          pull(controller) {
            const next = chunks.shift()
            if (next) controller.enqueue(next.slice())
            else controller.close()
          },
        }),
      }
    },

    async setFileThread(id, threadId, context) {
      const entry = filesOf(context).get(id)
      if (entry) entry.file = { ...entry.file, thread_id: threadId }
    },

    async deleteAttachment(id, context) {
      filesOf(context).delete(id)
    },

    async deleteThreadFiles(threadId, context) {
      const files = filesOf(context)
      const ids = [...files.values()].filter((e) => e.file.thread_id === threadId).map((e) => e.file.id)
      for (const id of ids) files.delete(id)
      return ids
    },

    async deleteUnsentFiles(createdBefore) {
      const deleted: DeletedAttachmentFile[] = []
      for (const [owner, files] of entries)
        for (const [id, { file }] of files)
          if (file.thread_id === null && Date.parse(file.created_at) < createdBefore.getTime()) {
            files.delete(id)
            deleted.push({ owner, id })
          }
      return deleted
    },
  }
}
