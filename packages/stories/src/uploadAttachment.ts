import { ChatRequestError, type ChatApi, type ChatItem } from './chatProtocol.ts'

/** An uploaded attachment, as the server answers it (the fields the chat reads). */
export interface UploadedAttachment {
  id: string
  name: string
  type: 'image' | 'file'
  mime_type: string
  preview_url?: string
}

/**
 * Uploads a file the way ChatKit's direct strategy does: a `multipart/form-data` POST with one
 * `file` field to `api.url`, through `api.fetch` (so it carries the token). Resolves with the
 * attachment; a refusal (a type or size the server does not take) rejects with its message.
 */
export async function uploadAttachment(api: ChatApi, file: File): Promise<UploadedAttachment> {
  const form = new FormData()
  form.append('file', file, file.name)
  const response = await api.fetch(api.url, { method: 'POST', body: form })
  if (!response.ok) {
    const answer = (await response.json().catch(() => null)) as { error?: { message?: unknown } } | null
    const message = typeof answer?.error?.message === 'string' ? answer.error.message : response.statusText
    throw new ChatRequestError(`The upload was refused (${response.status}): ${message}`, response.status)
  }
  return (await response.json()) as UploadedAttachment
}

/** The names of the files a user message carries (none for other items). */
export function attachmentNames(item: ChatItem): string[] {
  if (item.type !== 'user_message' || !('attachments' in item) || !Array.isArray(item.attachments)) return []
  return item.attachments.flatMap((attachment: unknown) => {
    const name = (attachment as { name?: unknown } | null)?.name
    return typeof name === 'string' ? [name] : []
  })
}

/** The image attachments of a user message that have a preview link, to draw as thumbnails. */
export function attachmentPreviews(item: ChatItem): { id: string; name: string; url: string }[] {
  if (item.type !== 'user_message' || !('attachments' in item) || !Array.isArray(item.attachments)) return []
  return item.attachments.flatMap((attachment: unknown) => {
    const { id, name, type, preview_url } = (attachment ?? {}) as Record<string, unknown>
    return type === 'image' &&
      typeof id === 'string' &&
      typeof name === 'string' &&
      typeof preview_url === 'string'
      ? [{ id, name, url: preview_url }]
      : []
  })
}
