import type { AttachmentFileStore } from '../attachmentFileStore.ts'
import { RASTER_IMAGE_TYPES } from '../attachmentTypes.ts'
import { NotFoundError } from '../store.ts'
import type { Attachment, ThreadItem } from '../types.ts'
import type { AgentUserContent } from './threadItemsToAgentInput.ts'

/** 20 MiB: the largest file handed to the model inline, when `maxBytes` is left out. */
export const DEFAULT_ATTACHMENT_INPUT_MAX_BYTES = 20 * 1024 * 1024

/** Options of {@link loadAttachmentInputs}. */
export interface LoadAttachmentInputsOptions {
  /**
   * The largest file handed to the model inline (as base64); a larger one is described by name
   * and type instead.
   * @default 20971520 (20 MiB)
   */
  maxBytes?: number
}

function toBase64(bytes: Uint8Array): string {
  let out = ''
  // Segments whose length is a multiple of 3 encode to base64 that joins without padding.
  for (let i = 0; i < bytes.length; i += 24_576) {
    let binary = ''
    for (const byte of bytes.subarray(i, i + 24_576)) binary += String.fromCharCode(byte)
    out += btoa(binary)
  }
  return out
}

async function readAll(body: ReadableStream<Uint8Array>, size: number): Promise<Uint8Array> {
  const out = new Uint8Array(size)
  let offset = 0
  for await (const chunk of body) {
    out.set(chunk.subarray(0, size - offset), offset)
    offset += chunk.byteLength
  }
  return out.subarray(0, Math.min(offset, size))
}

const described = (attachment: Attachment, why: string): AgentUserContent => ({
  type: 'input_text',
  text: `The user attached ${JSON.stringify(attachment.name)} (${attachment.mime_type}), ${why}.`,
})

/** One attachment as model input: its bytes inline for images, PDFs and text; else its name. */
async function toInput<TContext>(
  attachment: Attachment,
  files: AttachmentFileStore<TContext>,
  context: TContext,
  maxBytes: number,
): Promise<AgentUserContent> {
  const type = attachment.mime_type
  const readable = RASTER_IMAGE_TYPES.has(type) || type === 'application/pdf' || type.startsWith('text/')
  if (!readable) return described(attachment, 'a type you cannot read here')
  let read
  try {
    read = await files.readFile(attachment.id, context)
  } catch (error) {
    if (error instanceof NotFoundError) return described(attachment, 'which is no longer available')
    throw error
  }
  if (read.file.size > maxBytes) {
    await read.body.cancel()
    return described(attachment, 'too large to read here')
  }
  const dataUrl = `data:${type};base64,${toBase64(await readAll(read.body, read.file.size))}`
  if (RASTER_IMAGE_TYPES.has(type)) return { type: 'input_image', image: dataUrl }
  return { type: 'input_file', file: dataUrl, filename: attachment.name }
}

/**
 * Reads the bytes of every attachment that `items` carry, from the attachment file store, and
 * gives the `attachmentToInput` that `threadItemsToAgentInput` takes: images as image input,
 * PDFs and text as file input (base64 data URLs), other types, files gone from the store and
 * files over `maxBytes` described by name and type. Reading happens here, once per attachment,
 * because the conversion itself is synchronous; every turn reads the history's files again, so
 * later turns see them as the first did.
 */
export async function loadAttachmentInputs<TContext>(
  items: readonly ThreadItem[],
  files: AttachmentFileStore<TContext>,
  context: TContext,
  options: LoadAttachmentInputsOptions = {},
): Promise<(attachment: Attachment) => AgentUserContent> {
  const maxBytes = options.maxBytes ?? DEFAULT_ATTACHMENT_INPUT_MAX_BYTES
  const inputs = new Map<string, AgentUserContent>()
  for (const item of items) {
    if (item.type !== 'user_message') continue
    for (const attachment of item.attachments)
      if (!inputs.has(attachment.id))
        inputs.set(attachment.id, await toInput(attachment, files, context, maxBytes))
  }
  return (attachment) => inputs.get(attachment.id) ?? described(attachment, 'which is no longer available')
}
