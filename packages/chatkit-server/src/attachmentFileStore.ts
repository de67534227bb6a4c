import type { AttachmentStore } from './attachmentStore.ts'

/**
 * What an {@link AttachmentFileStore} keeps beside an attachment's bytes. The owner is not a
 * field: every call carries the context, and the store keys each record by its owner.
 */
export interface AttachmentFile {
  /** The attachment id (the `Store`'s `generateAttachmentId`); never used as a path. */
  id: string
  /** The file name the browser gave; shown to people, never used as a path. */
  name: string
  /** The MIME type, checked against the bytes before they are stored. */
  mime_type: string
  /** Bytes: the declared size until the upload is done, then the number of bytes stored. */
  size: number
  /** The thread of the first user message that carries it; `null` until it is sent. */
  thread_id: string | null
  /** When the record was made (ISO 8601): unsent files older than a limit are deleted. */
  created_at: string
  /** Whether the bytes are stored (a two-phase upload records the file before its bytes). */
  uploaded: boolean
}

/** An unsent file {@link AttachmentFileStore.deleteUnsentFiles} deleted, and whose it was. */
export interface DeletedAttachmentFile {
  /** The owner key (the store's `owner(context)`). */
  owner: string
  id: string
}

/**
 * An {@link AttachmentStore} that holds the bytes itself: what `createChatKitAttachments` needs
 * to serve uploads and previews. Every method is scoped to the context's owner: another owner's
 * file reads as a `NotFoundError`, exactly like a missing one, and is never changed.
 *
 * Bytes come in and go out as streams, so a store never needs a whole file in memory. On
 * object storage (S3, R2, GCS, Vercel Blob), keep the record in a small table or as the
 * object's metadata and stream the body with the SDK's multipart upload; see the README.
 */
export interface AttachmentFileStore<TContext> extends AttachmentStore<TContext> {
  /**
   * Records a file whose bytes come later (`uploaded: false`). Throws
   * {@link AttachmentFileError} `exists` when the owner has a file with this id.
   */
  createFile(file: AttachmentFile, context: TContext): Promise<void>
  /**
   * Streams the bytes of a recorded file into the store, and marks it uploaded with the size
   * written. `NotFoundError` when there is no such file for this owner; {@link AttachmentFileError}
   * `already_uploaded` when its bytes are stored or being written. When `body` errors (a limit
   * was passed, the client went away), nothing of it is kept, the file stays not uploaded, and
   * the error is rethrown.
   */
  writeFile(id: string, body: ReadableStream<Uint8Array>, context: TContext): Promise<AttachmentFile>
  /** The record of a file; `NotFoundError` when there is none for this owner. */
  loadFile(id: string, context: TContext): Promise<AttachmentFile>
  /** The record and a stream of the bytes of an uploaded file; `NotFoundError` otherwise. */
  readFile(id: string, context: TContext): Promise<{ file: AttachmentFile; body: ReadableStream<Uint8Array> }>
  /** Records the thread of the message that carries the file (a missing file is ignored). */
  setFileThread(id: string, threadId: string, context: TContext): Promise<void>
  /** Deletes the file's record and bytes (a missing file is ignored). */
  deleteAttachment(id: string, context: TContext): Promise<void>
  /** Deletes every file of the owner's thread; resolves with their ids. */
  deleteThreadFiles(threadId: string, context: TContext): Promise<string[]>
  /**
   * Deletes the files of every owner that no message carries (`thread_id` is `null`) and that
   * were made before `createdBefore`: uploads the user never sent, and two-phase uploads whose
   * bytes never came.
   */
  deleteUnsentFiles(createdBefore: Date): Promise<DeletedAttachmentFile[]>
}

/** Why an attachment file store refused: see {@link AttachmentFileError}. */
export type AttachmentFileErrorCode =
  /** `createFile` with an id the owner already has. */
  | 'exists'
  /** `writeFile` on a file whose bytes are stored or being written. */
  | 'already_uploaded'
  /** A store option is missing or wrong. */
  | 'invalid_option'

/** An error of an attachment file store, with a code. Its message never quotes a value. */
export class AttachmentFileError extends Error {
  override readonly name = 'AttachmentFileError'
  readonly code: AttachmentFileErrorCode

  constructor(code: AttachmentFileErrorCode, message: string) {
    super(message)
    this.code = code
  }
}
