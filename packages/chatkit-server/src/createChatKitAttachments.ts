import type { LimitStore } from '@chatkit-session/server/fetch'
import { AttachmentFileError, type AttachmentFileStore } from './attachmentFileStore.ts'
import type { AttachmentCreateParams, AttachmentStore } from './attachmentStore.ts'
import {
  ContentMismatchError,
  DEFAULT_ATTACHMENT_TYPES,
  RASTER_IMAGE_TYPES,
  SizeLimitError,
  checkContent,
  limitBytes,
  mediaTypeOf,
} from './attachmentTypes.ts'
import { createPreviewSigner } from './previewSigner.ts'
import { MultipartError, multipartBoundary, readMultipartFile } from './readMultipartFile.ts'
import { invalidRequest } from './server/refusal.ts'
import { NotFoundError, ownerKey, type Store } from './store.ts'
import { toWireAttachment, toWireJson } from './toWire.ts'
import type { Attachment } from './types.ts'
import { withAttachmentFiles } from './withAttachmentFiles.ts'

/** One hour: how long a preview link works, when `previewTtlMs` is left out. */
export const DEFAULT_PREVIEW_TTL_MS = 3_600_000
/** One day: how long an upload may wait for a message, when `unsentTtlMs` is left out. */
export const DEFAULT_UNSENT_TTL_MS = 86_400_000

/** Options of {@link createChatKitAttachments}. */
export interface CreateChatKitAttachmentsOptions<TContext> {
  /** The thread store the server uses: attachments' records live there, as ChatKit sees them. */
  store: Store<TContext>
  /** Where the bytes live: `createPostgresAttachmentStore`, `createFileAttachmentStore`, your own. */
  files: AttachmentFileStore<TContext>
  /**
   * Signs preview links (HMAC-SHA256): a string or bytes of at least 32 bytes, the same on every
   * instance, used for nothing else (`openssl rand -base64 32`).
   */
  secret: string | Uint8Array
  /**
   * The URL of the ChatKit handler (`createChatKitHandler` with these attachments), as the
   * browser reaches it. Two-phase uploads go to `url?upload=<id>`, previews are
   * `url?preview=<id>&...`, and the direct strategy's `uploadUrl` is `url` itself. Make it
   * absolute (`https://app.example.com/api/chatkit`) when ChatKit runs in its own frame.
   */
  url: string
  /**
   * The accepted MIME types, each with its largest size in bytes: anything else is refused
   * (415), and a file past its type's size is cut off at the limit (413). Pass the same record
   * to ChatKit's `composer.attachments.maxSize`.
   * @default DEFAULT_ATTACHMENT_TYPES (PNG, JPEG, GIF, WebP 10 MiB; PDF 20 MiB; text 2 MiB)
   */
  types?: Readonly<Record<string, number>>
  /**
   * How long a preview link works, in milliseconds; every load of an attachment signs a new one.
   * @default 3600000 (one hour)
   */
  previewTtlMs?: number
  /**
   * How long an upload may wait for a message that carries it before {@link
   * ChatKitAttachments.deleteUnsent} deletes it, in milliseconds.
   * @default 86400000 (one day)
   */
  unsentTtlMs?: number
  /**
   * Uploads one user may have in progress at once in this process; more are answered 429.
   * @default 4
   */
  maxConcurrentUploads?: number
  /**
   * A rate limit on uploads per user across every process: each upload spends one of `limit`
   * per `windowMs` in a `LimitStore` of `@chatkit-session/server` (`createRedisLimitStore`, or
   * `createMemoryLimitStore` for one process), keyed by an HMAC of the owner (never the user id
   * in clear). A refused upload is answered 429 with its `Retry-After`, before a byte is read.
   * @default undefined (only `maxConcurrentUploads`)
   */
  uploadRateLimit?: { store: LimitStore; limit: number; windowMs: number }
  /**
   * The owner key of a context, as the stores key it: it is signed into preview links.
   * @default (context) => context.userId
   */
  owner?: (context: TContext) => string
  /**
   * The context of an owner key, for the requests that carry no token (a preview link, which an
   * `<img>` loads) and for the sweep of unsent uploads.
   * @default (owner) => ({ userId: owner })
   */
  contextOf?: (owner: string) => TContext
  /**
   * The clock, for preview expiry and the age of unsent uploads.
   * @default () => new Date()
   */
  now?: () => Date
}

/** Why an upload or preview was refused, with its HTTP status in {@link AttachmentAnswer}. */
export type AttachmentErrorCode =
  | 'invalid_request'
  | 'not_found'
  | 'expired'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'rate_limited'

/** What the handler sends for an upload or a preview. */
export type AttachmentAnswer =
  | { type: 'json'; body: string }
  | { type: 'file'; body: ReadableStream<Uint8Array>; headers: Record<string, string> }
  | {
      type: 'error'
      status: 400 | 404 | 410 | 413 | 415 | 429
      code: AttachmentErrorCode
      message: string
      headers?: Record<string, string>
    }

/**
 * Attachments end to end: give `store` to `createChatKitServer` as its store, the object itself
 * as its `attachmentStore`, and the object to `createChatKitHandler` as `attachments`.
 */
export interface ChatKitAttachments<TContext> extends AttachmentStore<TContext> {
  /** The thread store to give `createChatKitServer` (see `withAttachmentFiles`). */
  readonly store: Store<TContext>
  /** The store of the bytes. */
  readonly files: AttachmentFileStore<TContext>
  /** The accepted types and their size limits. */
  readonly types: Readonly<Record<string, number>>
  /** A preview link of the owner's file `id`, signed now (any type: files download). */
  previewUrl(id: string, context: TContext): Promise<string>
  /** The attachment with a freshly signed `preview_url` (images only). */
  withPreview(attachment: Attachment, context: TContext): Promise<Attachment>
  /** Answers a `multipart/form-data` POST: a direct upload, or `?upload=<id>` of a two-phase one. */
  upload(request: Request, context: TContext): Promise<AttachmentAnswer>
  /** Whether `request` is a preview (`GET ...?preview=`). */
  isPreview(request: Request): boolean
  /** Answers a preview link: the bytes, with headers that keep the browser from running them. */
  preview(request: Request): Promise<AttachmentAnswer>
  /**
   * Deletes the uploads no message carried within `unsentTtlMs`, of every user; resolves with
   * how many. Run it from a timer or a cron job.
   */
  deleteUnsent(): Promise<number>
}

const ID = /^[A-Za-z0-9_-]{1,128}$/
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/
/** Room for the multipart framing around the file. */
const FRAMING_BYTES = 65_536

const error = (
  status: 400 | 404 | 410 | 413 | 415 | 429,
  code: AttachmentErrorCode,
  message: string,
  headers?: Record<string, string>,
): AttachmentAnswer => ({ type: 'error', status, code, message, ...(headers ? { headers } : {}) })

const NOT_FOUND = error(404, 'not_found', 'No such attachment.')

function checkName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && !CONTROL.test(name)
}

/** `filename*` for any name, and an ASCII `filename` fallback with nothing that could end it. */
function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_')
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

/**
 * Uploads, previews and cleanup of attachments, over a thread store and an
 * {@link AttachmentFileStore}:
 * - **direct** uploads (ChatKit's `{ type: 'direct', uploadUrl }`) and **two-phase** ones
 *   (`attachments.create`, then the bytes to the `upload_url` it answers);
 * - each upload checked as it streams in: its type must be in `types` and its first bytes must
 *   match it, and reading stops at the type's size limit;
 * - previews on short-lived links signed for their owner, served so that no browser runs them;
 * - uploads never sent are deleted by {@link ChatKitAttachments.deleteUnsent}, and a thread's
 *   files with the thread.
 */
export function createChatKitAttachments<TContext>(
  options: CreateChatKitAttachmentsOptions<TContext>,
): ChatKitAttachments<TContext> {
  const { files, url } = options
  if (typeof url !== 'string' || url === '') throw new TypeError('url: must be the handler URL')
  const types: Readonly<Record<string, number>> = Object.fromEntries(
    Object.entries(options.types ?? DEFAULT_ATTACHMENT_TYPES).map(([type, max]) => {
      if (!Number.isInteger(max) || max < 0)
        throw new TypeError('types: each size must be a whole number of bytes')
      return [mediaTypeOf(type), max]
    }),
  )
  const signer = createPreviewSigner(options.secret)
  const previewTtlMs = options.previewTtlMs ?? DEFAULT_PREVIEW_TTL_MS
  const unsentTtlMs = options.unsentTtlMs ?? DEFAULT_UNSENT_TTL_MS
  const maxConcurrent = options.maxConcurrentUploads ?? 4
  const clock = options.now ?? (() => new Date())
  const contextOf = options.contextOf ?? ((owner: string) => ({ userId: owner }) as unknown as TContext)
  const ownerOf = (context: TContext) => ownerKey(options.owner, context, 'createChatKitAttachments')
  const link = (params: Record<string, string>) => {
    const separator = url.includes('?') ? '&' : '?'
    return `${url}${separator}${new URLSearchParams(params).toString()}`
  }

  async function previewUrl(id: string, context: TContext): Promise<string> {
    const owner = ownerOf(context)
    const expires = Math.floor((clock().getTime() + previewTtlMs) / 1000)
    return link({
      preview: id,
      owner,
      expires: String(expires),
      signature: await signer.sign(owner, id, expires),
    })
  }

  async function withPreview(attachment: Attachment, context: TContext): Promise<Attachment> {
    if (attachment.type !== 'image') return attachment
    return { ...attachment, preview_url: await previewUrl(attachment.id, context) }
  }

  const store = withAttachmentFiles(options.store, files, withPreview)

  async function makeAttachment(
    id: string,
    name: string,
    mimeType: string,
    context: TContext,
  ): Promise<Attachment> {
    const base = { id, name, mime_type: mimeType }
    return RASTER_IMAGE_TYPES.has(mimeType)
      ? { ...base, type: 'image', preview_url: await previewUrl(id, context) }
      : { ...base, type: 'file' }
  }

  const inProgress = new Map<string, number>()

  /** Streams the upload's bytes into the file `id`, checked against `mimeType` and `limit`. */
  async function writeChecked(
    id: string,
    body: ReadableStream<Uint8Array>,
    mimeType: string,
    limit: number,
    context: TContext,
  ): Promise<AttachmentAnswer | undefined> {
    try {
      await files.writeFile(
        id,
        body.pipeThrough(limitBytes(limit)).pipeThrough(checkContent(mimeType)),
        context,
      )
      return undefined
    } catch (caught) {
      if (caught instanceof SizeLimitError)
        return error(413, 'payload_too_large', 'The file is larger than the limit for its type.')
      if (caught instanceof ContentMismatchError)
        return error(415, 'unsupported_media_type', 'The file is not of the type it declares.')
      if (caught instanceof MultipartError) return error(400, 'invalid_request', 'The form is malformed.')
      if (caught instanceof AttachmentFileError && caught.code === 'already_uploaded')
        return error(400, 'invalid_request', 'This attachment is uploaded already.')
      if (caught instanceof NotFoundError) return NOT_FOUND
      throw caught
    }
  }

  /**
   * An upload's answer. A refusal may come before the body was read to its end: it closes the
   * connection, so the client does not send its next request on a socket still full of bytes.
   */
  async function upload(request: Request, context: TContext): Promise<AttachmentAnswer> {
    const answer = await receive(request, context)
    return answer.type === 'error'
      ? { ...answer, headers: { ...answer.headers, connection: 'close' } }
      : answer
  }

  async function receive(request: Request, context: TContext): Promise<AttachmentAnswer> {
    const boundary = multipartBoundary(request.headers.get('content-type'))
    if (!boundary || !request.body)
      return error(400, 'invalid_request', 'The body must be multipart/form-data with a file field.')
    const uploadId = new URL(request.url).searchParams.get('upload')
    if (uploadId !== null && !ID.test(uploadId)) return NOT_FOUND
    const declared = Number(request.headers.get('content-length') ?? '0')
    const largest = Math.max(0, ...Object.values(types))
    if (declared > largest + FRAMING_BYTES) {
      await request.body.cancel().catch(() => {})
      return error(413, 'payload_too_large', 'The file is larger than the limit for its type.')
    }
    const owner = ownerOf(context)
    const running = inProgress.get(owner) ?? 0
    if (running >= maxConcurrent) {
      await request.body.cancel().catch(() => {})
      return error(429, 'rate_limited', 'Too many uploads at once: wait for one to finish.', {
        'retry-after': '1',
      })
    }
    const rate = options.uploadRateLimit
    if (rate) {
      const key = `chatkit-upload:${await signer.sign(owner, 'upload-rate-limit', 0)}`
      const decision = await rate.store.hit([
        { tier: 'user', key, limit: rate.limit, windowMs: rate.windowMs },
      ])
      if (!decision.allowed) {
        await request.body.cancel().catch(() => {})
        return error(429, 'rate_limited', 'Too many uploads: wait before the next one.', {
          'retry-after': String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))),
        })
      }
    }
    inProgress.set(owner, running + 1)
    let part: Awaited<ReturnType<typeof readMultipartFile>>
    try {
      try {
        part = await readMultipartFile(request.body, boundary, 'file')
      } catch (caught) {
        if (caught instanceof MultipartError) return error(400, 'invalid_request', 'The form is malformed.')
        throw caught
      }
      if (!part) return error(400, 'invalid_request', 'The form has no file field.')
      const { body } = part
      const refuse = async (answer: AttachmentAnswer) => {
        await body.cancel().catch(() => {})
        return answer
      }
      const mimeType = mediaTypeOf(part.contentType)

      if (uploadId !== null) {
        // Two-phase: the file was recorded by attachments.create, with its declared type and size.
        let file
        try {
          file = await files.loadFile(uploadId, context)
        } catch (caught) {
          if (caught instanceof NotFoundError) return refuse(NOT_FOUND)
          throw caught
        }
        if (file.uploaded)
          return refuse(error(400, 'invalid_request', 'This attachment is uploaded already.'))
        if (mimeType !== '' && mimeType !== file.mime_type)
          return refuse(error(415, 'unsupported_media_type', 'The file is not of the type it declared.'))
        const limit = Math.min(types[file.mime_type] ?? 0, file.size)
        const failed = await writeChecked(uploadId, body, file.mime_type, limit, context)
        if (failed) return failed
        const saved = await options.store.loadAttachment(uploadId, context)
        const done: Attachment = { ...saved, upload_descriptor: null }
        await options.store.saveAttachment(done, context)
        return { type: 'json', body: toWireJson(toWireAttachment(await withPreview(done, context))) }
      }

      // Direct: the form names the file and its type.
      const limit = types[mimeType]
      if (limit === undefined)
        return refuse(error(415, 'unsupported_media_type', 'This type of file is not accepted.'))
      const name = part.filename || 'file'
      if (!checkName(name)) return refuse(error(400, 'invalid_request', 'The file name is not valid.'))
      const id = options.store.generateAttachmentId(mimeType, context)
      await files.createFile(
        {
          id,
          name,
          mime_type: mimeType,
          size: 0,
          thread_id: null,
          created_at: clock().toISOString(),
          uploaded: false,
        },
        context,
      )
      let failed: AttachmentAnswer | undefined
      try {
        failed = await writeChecked(id, body, mimeType, limit, context)
      } catch (caught) {
        // The client went away, or the store failed: keep no half-made record.
        await files.deleteAttachment(id, context).catch(() => {})
        throw caught
      }
      if (failed) {
        await files.deleteAttachment(id, context)
        return failed
      }
      const attachment = await makeAttachment(id, name, mimeType, context)
      await options.store.saveAttachment(attachment, context)
      return { type: 'json', body: toWireJson(toWireAttachment(attachment)) }
    } finally {
      const left = (inProgress.get(owner) ?? 1) - 1
      if (left > 0) inProgress.set(owner, left)
      else inProgress.delete(owner)
    }
  }

  async function preview(request: Request): Promise<AttachmentAnswer> {
    const params = new URL(request.url).searchParams
    const id = params.get('preview') ?? ''
    const owner = params.get('owner') ?? ''
    const expires = Number(params.get('expires'))
    const signature = params.get('signature') ?? ''
    if (!ID.test(id) || owner === '' || !Number.isSafeInteger(expires)) return NOT_FOUND
    // The signature first: an unsigned link learns nothing, not even whether it expired.
    if (!(await signer.verify(owner, id, expires, signature))) return NOT_FOUND
    if (expires * 1000 <= clock().getTime()) return error(410, 'expired', 'This preview link has expired.')
    let read
    try {
      read = await files.readFile(id, contextOf(owner))
    } catch (caught) {
      if (caught instanceof NotFoundError) return NOT_FOUND
      throw caught
    }
    const { file, body } = read
    // The type comes from our allowlist (checked on upload), never from the request.
    const type = types[file.mime_type] === undefined ? 'application/octet-stream' : file.mime_type
    const inline = RASTER_IMAGE_TYPES.has(type)
    return {
      type: 'file',
      body,
      headers: {
        'content-type': type.startsWith('text/') ? `${type}; charset=utf-8` : type,
        'content-length': String(file.size),
        'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', file.name),
        'content-security-policy': "default-src 'none'; sandbox",
        'cross-origin-resource-policy': 'cross-origin',
      },
    }
  }

  return {
    store,
    files,
    types,
    previewUrl,
    withPreview,
    upload,
    preview,
    isPreview: (request) => request.method === 'GET' && new URL(request.url).searchParams.has('preview'),

    async createAttachment(params: AttachmentCreateParams, context: TContext): Promise<Attachment> {
      const mimeType = mediaTypeOf(params.mime_type)
      const limit = types[mimeType]
      if (limit === undefined) throw invalidRequest('params.mime_type', 'this type of file is not accepted')
      if (!Number.isInteger(params.size) || params.size < 0 || params.size > limit)
        throw invalidRequest('params.size', 'larger than the limit for this type')
      if (!checkName(params.name)) throw invalidRequest('params.name', 'not valid')
      const id = options.store.generateAttachmentId(mimeType, context)
      await files.createFile(
        {
          id,
          name: params.name,
          mime_type: mimeType,
          size: params.size,
          thread_id: null,
          created_at: clock().toISOString(),
          uploaded: false,
        },
        context,
      )
      return {
        ...(await makeAttachment(id, params.name, mimeType, context)),
        upload_descriptor: { url: link({ upload: id }), method: 'POST', headers: {} },
      }
    },

    async deleteAttachment(attachmentId, context) {
      await files.deleteAttachment(attachmentId, context)
    },

    async deleteUnsent() {
      const deleted = await files.deleteUnsentFiles(new Date(clock().getTime() - unsentTtlMs))
      for (const { owner, id } of deleted) await options.store.deleteAttachment(id, contextOf(owner))
      return deleted.length
    },
  }
}
