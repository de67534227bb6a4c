import type { Attachment } from './types.ts'

/** What `attachments.create` asks for: the file the browser is about to upload. */
export interface AttachmentCreateParams {
  name: string
  /** Bytes. */
  size: number
  mime_type: string
}

/**
 * Where the files of attachments live (a bucket, a disk), next to the {@link Store} that keeps
 * their metadata. The server records the metadata itself; this only handles the bytes.
 */
export interface AttachmentStore<TContext> {
  /**
   * Creates an attachment for a two-phase upload: its id (the store's `generateAttachmentId`),
   * and an `upload_descriptor` telling the browser where to upload. Without it,
   * `attachments.create` answers 501 `not_supported`.
   */
  createAttachment?(params: AttachmentCreateParams, context: TContext): Promise<Attachment>
  /** Deletes the attachment's file. The server then deletes its metadata from the store. */
  deleteAttachment(attachmentId: string, context: TContext): Promise<void>
}
