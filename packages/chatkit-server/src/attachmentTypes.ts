const MiB = 1024 * 1024

/**
 * The attachment types accepted when `types` is left out, each with its largest size in bytes:
 * raster images (shown inline as previews), PDF, and plain text formats. Nothing that a browser
 * would run (HTML, SVG, JavaScript) is in it. The same record fits ChatKit's
 * `composer.attachments.maxSize`, so the browser refuses what the server would.
 */
export const DEFAULT_ATTACHMENT_TYPES: Readonly<Record<string, number>> = {
  'image/png': 10 * MiB,
  'image/jpeg': 10 * MiB,
  'image/gif': 10 * MiB,
  'image/webp': 10 * MiB,
  'application/pdf': 20 * MiB,
  'text/plain': 2 * MiB,
  'text/markdown': 2 * MiB,
  'text/csv': 2 * MiB,
}

/** Image types a browser renders as pixels only: the one kind of file previewed inline. */
export const RASTER_IMAGE_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
])

/** The leading bytes of each type with a signature; `undefined` matches any byte. */
const SIGNATURES: Record<string, (number | undefined)[][]> = {
  'image/png': [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  'image/jpeg': [[0xff, 0xd8, 0xff]],
  'image/gif': [
    [0x47, 0x49, 0x46, 0x38, 0x37, 0x61],
    [0x47, 0x49, 0x46, 0x38, 0x39, 0x61],
  ],
  'image/webp': [
    [0x52, 0x49, 0x46, 0x46, undefined, undefined, undefined, undefined, 0x57, 0x45, 0x42, 0x50],
  ],
  'application/pdf': [[0x25, 0x50, 0x44, 0x46, 0x2d]],
}

/** Bytes of the head that the signatures need. */
const HEAD_BYTES = 12

const matches = (head: Uint8Array, signature: (number | undefined)[]) =>
  head.length >= signature.length && signature.every((byte, i) => byte === undefined || head[i] === byte)

/** The type the head's signature names, among the types above, or undefined. */
export function sniffType(head: Uint8Array): string | undefined {
  for (const [type, signatures] of Object.entries(SIGNATURES))
    if (signatures.some((signature) => matches(head, signature))) return type
  return undefined
}

/** The MIME type without parameters, lower-cased: `Text/Plain; charset=x` is `text/plain`. */
export function mediaTypeOf(mimeType: string): string {
  return (mimeType.split(';')[0] ?? '').trim().toLowerCase()
}

/** Thrown into an upload's stream when its bytes are not what the declared type says. */
export class ContentMismatchError extends Error {
  override readonly name = 'ContentMismatchError'
}

/** Thrown into an upload's stream when it passes its size limit. */
export class SizeLimitError extends Error {
  override readonly name = 'SizeLimitError'
}

/**
 * Passes bytes through until more than `limit` have come, then errors (a
 * {@link SizeLimitError}): the pipe cancels the source, so no byte past the limit is read.
 */
export function limitBytes(limit: number): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength
      if (seen > limit) controller.error(new SizeLimitError('the file is larger than its limit'))
      else controller.enqueue(chunk)
    },
  })
}

/**
 * Passes bytes through when they are what `mimeType` says, and errors with a
 * {@link ContentMismatchError} otherwise:
 * - a type with a signature (PNG, JPEG, GIF, WebP, PDF) must start with it;
 * - `text/*` must be UTF-8 without NUL bytes, and carry no other type's signature;
 * - any other type (one the app allowed) must not carry another type's signature.
 */
export function checkContent(mimeType: string): TransformStream<Uint8Array, Uint8Array> {
  const type = mediaTypeOf(mimeType)
  const isText = type.startsWith('text/')
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let head = new Uint8Array(0)
  let checked = false

  const checkHead = (): boolean => {
    const sniffed = sniffType(head)
    if (SIGNATURES[type]) return sniffed === type
    return sniffed === undefined
  }
  const checkText = (chunk: Uint8Array, stream: boolean): boolean => {
    if (!isText) return true
    if (chunk.includes(0)) return false
    try {
      decoder.decode(chunk, { stream })
      return true
    } catch {
      return false
    }
  }
  const mismatch = () => new ContentMismatchError('the bytes are not of the declared type')

  return new TransformStream({
    transform(chunk, controller) {
      if (!checkText(chunk, true)) return controller.error(mismatch())
      if (checked) return controller.enqueue(chunk)
      const joined = new Uint8Array(head.length + chunk.length)
      joined.set(head)
      joined.set(chunk, head.length)
      head = joined
      if (head.length < HEAD_BYTES) return
      checked = true
      if (!checkHead()) return controller.error(mismatch())
      controller.enqueue(head)
    },
    flush(controller) {
      if (!checkText(new Uint8Array(0), false)) return controller.error(mismatch())
      if (checked) return
      if (!checkHead()) return controller.error(mismatch())
      if (head.length > 0) controller.enqueue(head)
    },
  })
}
