import { createHash } from 'node:crypto'
import { access, mkdir, open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  AttachmentFileError,
  type AttachmentFile,
  type AttachmentFileStore,
  type DeletedAttachmentFile,
} from './attachmentFileStore.ts'
import { NotFoundError, ownerKey } from './store.ts'

/** Options of {@link createFileAttachmentStore}. */
export interface FileAttachmentStoreOptions<TContext> {
  /** The folder that holds the files; made when missing. Give each store a folder of its own. */
  directory: string
  /**
   * The key that scopes every file to one user: another key's file reads as missing.
   * @default (context) => context.userId
   */
  owner?: (context: TContext) => string
  /**
   * Bytes read from disk at a time when a file is streamed back.
   * @default 65536
   */
  readChunkBytes?: number
}

/** The JSON kept beside the bytes: the record and its owner key (for the sweep). */
interface StoredRecord extends AttachmentFile {
  owner: string
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex')

const isMissing = (error: unknown) => (error as { code?: unknown }).code === 'ENOENT'
async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}

const isTaken = (error: unknown) => (error as { code?: unknown }).code === 'EEXIST'

/**
 * An {@link AttachmentFileStore} on the local disk (Node.js), for one server or a shared volume.
 *
 * - Neither the file name nor the id is ever a path: each owner has a folder named by the
 *   SHA-256 of its key, and each file is named by the SHA-256 of its id (`<hash>.json` for the
 *   record, `<hash>.bin` for the bytes), so no value of a request can reach outside `directory`.
 * - Bytes are streamed to `<hash>.part`, opened exclusively (a second concurrent upload of the
 *   same id fails), then renamed into place: a reader never sees half a file.
 */
export function createFileAttachmentStore<TContext>(
  options: FileAttachmentStoreOptions<TContext>,
): AttachmentFileStore<TContext> {
  const { directory } = options
  if (typeof directory !== 'string' || directory === '')
    throw new AttachmentFileError('invalid_option', 'directory: must be a folder path')
  const readChunkBytes = options.readChunkBytes ?? 65_536

  const folderOf = (owner: string) => join(directory, hash(owner))
  const pathsOf = (id: string, context: TContext) => {
    const owner = ownerKey(options.owner, context, 'createFileAttachmentStore')
    const base = join(folderOf(owner), hash(id))
    return { owner, base, record: `${base}.json`, bytes: `${base}.bin`, part: `${base}.part` }
  }

  async function loadRecord(path: string): Promise<StoredRecord> {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as StoredRecord
    } catch (error) {
      if (isMissing(error)) throw new NotFoundError('attachment file not found')
      throw error
    }
  }

  /** Replaces a record through a temporary file and a rename: never half written. */
  async function saveRecord(path: string, record: StoredRecord): Promise<void> {
    const temporary = `${path}.${crypto.randomUUID()}.tmp`
    await writeFile(temporary, JSON.stringify(record))
    await rename(temporary, path)
  }

  const toFile = ({ owner: _owner, ...file }: StoredRecord): AttachmentFile => file

  /** The records of one owner's folder, with the base path of each. */
  async function recordsIn(folder: string): Promise<{ base: string; record: StoredRecord }[]> {
    let names: string[]
    try {
      names = await readdir(folder)
    } catch (error) {
      if (isMissing(error)) return []
      throw error
    }
    const out: { base: string; record: StoredRecord }[] = []
    for (const name of names) {
      if (!name.endsWith('.json')) continue
      const base = join(folder, name.slice(0, -'.json'.length))
      try {
        out.push({ base, record: await loadRecord(`${base}.json`) })
      } catch (error) {
        // Deleted while listing.
        if (!(error instanceof NotFoundError)) throw error
      }
    }
    return out
  }

  const removeBase = (base: string) =>
    Promise.all([rm(`${base}.bin`, { force: true }), rm(`${base}.json`, { force: true })])

  return {
    async createFile(file, context) {
      const paths = pathsOf(file.id, context)
      await mkdir(folderOf(paths.owner), { recursive: true })
      const record: StoredRecord = { ...file, uploaded: false, owner: paths.owner }
      try {
        await writeFile(paths.record, JSON.stringify(record), { flag: 'wx' })
      } catch (error) {
        if (isTaken(error)) throw new AttachmentFileError('exists', 'the owner has a file with this id')
        throw error
      }
    },

    async writeFile(id, body, context) {
      const paths = pathsOf(id, context)
      const record = await loadRecord(paths.record)
      if (record.uploaded)
        throw new AttachmentFileError('already_uploaded', 'the file is uploaded or being uploaded')
      let handle
      try {
        handle = await open(paths.part, 'wx')
      } catch (error) {
        if (isTaken(error))
          throw new AttachmentFileError('already_uploaded', 'the file is uploaded or being uploaded')
        throw error
      }
      if (await exists(paths.bytes)) {
        // Another writer finished between our read of the record and our claim.
        await handle.close()
        await rm(paths.part, { force: true })
        throw new AttachmentFileError('already_uploaded', 'the file is uploaded or being uploaded')
      }
      let size = 0
      try {
        try {
          for await (const chunk of body) {
            await handle.write(chunk)
            size += chunk.byteLength
          }
        } finally {
          await handle.close()
        }
        await rename(paths.part, paths.bytes)
      } catch (error) {
        await rm(paths.part, { force: true })
        throw error
      }
      const uploaded: StoredRecord = { ...record, size, uploaded: true }
      await saveRecord(paths.record, uploaded)
      return toFile(uploaded)
    },

    async loadFile(id, context) {
      return toFile(await loadRecord(pathsOf(id, context).record))
    },

    async readFile(id, context) {
      const paths = pathsOf(id, context)
      const record = await loadRecord(paths.record)
      if (!record.uploaded) throw new NotFoundError('attachment file not uploaded')
      let handle
      try {
        handle = await open(paths.bytes, 'r')
      } catch (error) {
        if (isMissing(error)) throw new NotFoundError('attachment file not found')
        throw error
      }
      const file = handle
      return {
        file: toFile(record),
        body: new ReadableStream<Uint8Array>({
          async pull(controller) {
            const buffer = new Uint8Array(readChunkBytes)
            const { bytesRead } = await file.read(buffer, 0, readChunkBytes, null)
            if (bytesRead === 0) {
              await file.close()
              controller.close()
            } else controller.enqueue(buffer.subarray(0, bytesRead))
          },
          async cancel() {
            await file.close()
          },
        }),
      }
    },

    async setFileThread(id, threadId, context) {
      const paths = pathsOf(id, context)
      try {
        const record = await loadRecord(paths.record)
        await saveRecord(paths.record, { ...record, thread_id: threadId })
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error
      }
    },

    async deleteAttachment(id, context) {
      await removeBase(pathsOf(id, context).base)
    },

    async deleteThreadFiles(threadId, context) {
      const folder = folderOf(ownerKey(options.owner, context, 'createFileAttachmentStore'))
      const ids: string[] = []
      for (const { base, record } of await recordsIn(folder)) {
        if (record.thread_id !== threadId) continue
        await removeBase(base)
        ids.push(record.id)
      }
      return ids
    },

    async deleteUnsentFiles(createdBefore) {
      let folders: string[]
      try {
        folders = await readdir(directory)
      } catch (error) {
        if (isMissing(error)) return []
        throw error
      }
      const deleted: DeletedAttachmentFile[] = []
      for (const folder of folders)
        for (const { base, record } of await recordsIn(join(directory, folder))) {
          if (record.thread_id !== null || Date.parse(record.created_at) >= createdBefore.getTime()) continue
          await removeBase(base)
          deleted.push({ owner: record.owner, id: record.id })
        }
      return deleted
    },
  }
}
