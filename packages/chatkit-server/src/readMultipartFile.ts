/** One file field of a `multipart/form-data` body, its bytes still streaming. */
export interface MultipartFile {
  /** The part's `filename` (`''` when it has none). Data to show, never a path. */
  filename: string
  /** The part's `Content-Type`, lower-cased and without parameters (`''` when it has none). */
  contentType: string
  /**
   * The file's bytes as they arrive. Cancelling it stops reading the request; it ends at the
   * part's closing boundary, and the rest of the body is left unread.
   */
  body: ReadableStream<Uint8Array>
}

/** Why a multipart body was refused: see {@link MultipartError}. */
export type MultipartErrorCode =
  /** No `boundary` in the Content-Type, or a body that does not follow it. */
  | 'malformed'
  /** Headers of a part, or fields before the file, larger than the parser reads. */
  | 'too_large'

/** A multipart body the parser cannot read. Its message never quotes the body. */
export class MultipartError extends Error {
  override readonly name = 'MultipartError'
  readonly code: MultipartErrorCode

  constructor(code: MultipartErrorCode, message: string) {
    super(message)
    this.code = code
  }
}

/** Bounds on what the parser reads before the file's bytes. */
export interface ReadMultipartFileOptions {
  /**
   * Largest headers of one part, in bytes.
   * @default 8192
   */
  maxHeaderBytes?: number
  /**
   * Largest total of the preamble and the other fields before the file, in bytes.
   * @default 65536
   */
  maxSkippedBytes?: number
}

const encoder = new TextEncoder()
const CRLF = encoder.encode('\r\n')
const HEADERS_END = encoder.encode('\r\n\r\n')

/** The `boundary` of a `multipart/form-data` Content-Type, or undefined. */
export function multipartBoundary(contentType: string | null): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType)
  return match?.[1] ?? match?.[2]
}

/** Where `needle` first occurs in `haystack` at or after `from`, or -1. */
function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0]
  if (first === undefined) return from
  const last = haystack.length - needle.length
  for (let i = haystack.indexOf(first, from); i !== -1 && i <= last; i = haystack.indexOf(first, i + 1)) {
    let j = 1
    while (j < needle.length && haystack[i + j] === needle[j]) j++
    if (j === needle.length) return i
  }
  return -1
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

const startsWith = (buffer: Uint8Array, prefix: Uint8Array) =>
  buffer.length >= prefix.length && prefix.every((byte, i) => buffer[i] === byte)

/** A header parameter (`name="file"`), unquoted. */
function parameter(header: string, name: string): string | undefined {
  const pattern = new RegExp(`;\\s*${name}=("((?:[^"\\\\]|\\\\.)*)"|[^;]*)`, 'i')
  const match = pattern.exec(header)
  if (!match) return undefined
  return match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[1] ?? '').trim()
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>()
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return headers
}

/**
 * Reads a `multipart/form-data` body up to the file field named `field`, and hands its bytes
 * on as a stream: the file is never held whole in memory, and whoever reads the stream decides
 * when to stop (a size limit cancels it, which stops reading the request). Fields before the
 * file are skipped, within `maxSkippedBytes`. Resolves with `undefined` when the body has no
 * such field; rejects with a {@link MultipartError} when it is not well formed. Runs on any
 * Fetch API runtime (no Node built-ins).
 */
export async function readMultipartFile(
  body: ReadableStream<Uint8Array>,
  boundary: string,
  field: string,
  options: ReadMultipartFileOptions = {},
): Promise<MultipartFile | undefined> {
  const maxHeaderBytes = options.maxHeaderBytes ?? 8192
  const maxSkippedBytes = options.maxSkippedBytes ?? 65_536
  const dashBoundary = encoder.encode(`--${boundary}`)
  const delimiter = encoder.encode(`\r\n--${boundary}`)
  const reader = body.getReader()
  let buffer: Uint8Array = new Uint8Array(0)
  let skipped = 0

  const more = async (): Promise<boolean> => {
    const next = await reader.read()
    if (next.done) return false
    buffer = concat(buffer, next.value)
    return true
  }
  const fail = async (code: MultipartErrorCode, message: string): Promise<never> => {
    await reader.cancel().catch(() => {})
    throw new MultipartError(code, message)
  }
  /** Drops `count` bytes that are not the file, within the skip budget. */
  const skip = async (count: number) => {
    skipped += count
    if (skipped > maxSkippedBytes) await fail('too_large', 'the fields before the file are too large')
    buffer = buffer.subarray(count)
  }

  // The preamble, up to the first boundary.
  for (;;) {
    const at = indexOf(buffer, dashBoundary)
    if (at !== -1) {
      await skip(at + dashBoundary.length)
      break
    }
    if (buffer.length > maxSkippedBytes) await fail('too_large', 'the preamble is too large')
    if (!(await more())) await fail('malformed', 'the body has no multipart boundary')
  }

  for (;;) {
    while (buffer.length < 2) if (!(await more())) await fail('malformed', 'the body ends after a boundary')
    if (buffer[0] === 0x2d && buffer[1] === 0x2d) {
      // The closing boundary: no file field in this body.
      await reader.cancel().catch(() => {})
      return undefined
    }
    if (!startsWith(buffer, CRLF)) await fail('malformed', 'a boundary is not followed by a line break')
    buffer = buffer.subarray(CRLF.length)

    let headersText = ''
    if (startsWith(buffer, CRLF)) buffer = buffer.subarray(CRLF.length)
    else
      for (;;) {
        const end = indexOf(buffer, HEADERS_END)
        if (end !== -1) {
          if (end > maxHeaderBytes) await fail('too_large', 'the headers of a part are too large')
          headersText = new TextDecoder().decode(buffer.subarray(0, end))
          buffer = buffer.subarray(end + HEADERS_END.length)
          break
        }
        if (buffer.length > maxHeaderBytes) await fail('too_large', 'the headers of a part are too large')
        if (!(await more())) await fail('malformed', 'the body ends inside the headers of a part')
      }
    const headers = parseHeaders(headersText)
    const disposition = headers.get('content-disposition') ?? ''

    if (parameter(disposition, 'name') === field) {
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          for (;;) {
            const at = indexOf(buffer, delimiter)
            if (at !== -1) {
              if (at > 0) controller.enqueue(buffer.subarray(0, at))
              buffer = new Uint8Array(0)
              controller.close()
              // The rest (the closing boundary, fields after the file) is not needed.
              await reader.cancel().catch(() => {})
              return
            }
            // Everything but a tail that could be the start of the delimiter is file data.
            const safe = buffer.length - (delimiter.length - 1)
            if (safe > 0) {
              controller.enqueue(buffer.subarray(0, safe))
              buffer = buffer.subarray(safe)
              return
            }
            if (!(await more())) {
              controller.error(new MultipartError('malformed', 'the body ends inside the file'))
              return
            }
          }
        },
        cancel(reason) {
          return reader.cancel(reason)
        },
      })
      return {
        filename: parameter(disposition, 'filename') ?? '',
        contentType: (headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '',
        body: stream,
      }
    }

    // Another field: skip its value, up to the next boundary.
    for (;;) {
      const at = indexOf(buffer, delimiter)
      if (at !== -1) {
        await skip(at + delimiter.length)
        break
      }
      const safe = buffer.length - (delimiter.length - 1)
      if (safe > 0) await skip(safe)
      if (!(await more())) await fail('malformed', 'the body ends inside a field')
    }
  }
}
