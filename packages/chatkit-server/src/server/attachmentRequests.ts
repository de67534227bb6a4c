import type { JsonRequest } from '../chatKitRequest.ts'
import { toWireAttachment } from '../toWire.ts'
import { found, notSupported } from './refusal.ts'
import type { ServerCore } from './serverCore.ts'

/** The requests on attachment files. */
export type AttachmentRequest = Extract<JsonRequest, { type: 'attachments.create' | 'attachments.delete' }>

/** `attachments.create` and `attachments.delete`, through the app's attachmentStore. */
export async function answerAttachmentRequest<TContext>(
  { store, options }: ServerCore<TContext>,
  request: AttachmentRequest,
  context: TContext,
): Promise<unknown> {
  const { attachmentStore } = options
  switch (request.type) {
    case 'attachments.create': {
      const create = attachmentStore?.createAttachment
      if (!create) throw notSupported(request.type, 'attachmentStore with createAttachment')
      const attachment = await create.call(attachmentStore, request.params, context)
      await store.saveAttachment(attachment, context)
      return toWireAttachment(attachment)
    }
    case 'attachments.delete': {
      if (!attachmentStore) throw notSupported(request.type, 'attachmentStore')
      const { attachment_id } = request.params
      // Another user's attachment reads as missing before the app's files are touched.
      await found(store.loadAttachment(attachment_id, context), 'params.attachment_id')
      await attachmentStore.deleteAttachment(attachment_id, context)
      await store.deleteAttachment(attachment_id, context)
      return {}
    }
  }
}
