import { streamAssistantText, type RespondFunction } from '@chatkit-session/chatkit-server'
import type { AttachmentFileStore } from '@chatkit-session/chatkit-server/attachments'

/** At most this many bytes of an image are read to find its size (the header is near the start). */
const HEADER_BYTES = 64 * 1024

const u16be = (bytes: Uint8Array, at: number) => ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0)
const u16le = (bytes: Uint8Array, at: number) => (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8)
const u24le = (bytes: Uint8Array, at: number) => u16le(bytes, at) | ((bytes[at + 2] ?? 0) << 16)
const u32be = (bytes: Uint8Array, at: number) => u16be(bytes, at) * 65536 + u16be(bytes, at + 2)

/**
 * The width and height of a PNG, GIF, JPEG or WebP image from its first bytes, or `undefined`
 * when the header does not say (another format, or a header past the bytes given).
 */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const ascii = (at: number, length: number) => String.fromCharCode(...bytes.subarray(at, at + length))
  if (ascii(1, 3) === 'PNG' && ascii(12, 4) === 'IHDR')
    return { width: u32be(bytes, 16), height: u32be(bytes, 20) }
  if (ascii(0, 4) === 'GIF8') return { width: u16le(bytes, 6), height: u16le(bytes, 8) }
  if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') {
    const chunk = ascii(12, 4)
    if (chunk === 'VP8X') return { width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 }
    if (chunk === 'VP8 ') return { width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff }
    if (chunk === 'VP8L') {
      const bits =
        (bytes[21] ?? 0) | ((bytes[22] ?? 0) << 8) | ((bytes[23] ?? 0) << 16) | ((bytes[24] ?? 0) << 24)
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 }
    }
    return undefined
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    // JPEG: walk the markers to the first start of frame (SOF0 to SOF15, but not DHT, JPG, DAC).
    let at = 2
    while (at + 9 < bytes.length && bytes[at] === 0xff) {
      const marker = bytes[at + 1] ?? 0
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return { width: u16be(bytes, at + 7), height: u16be(bytes, at + 5) }
      at += 2 + u16be(bytes, at + 2)
    }
  }
  return undefined
}

/** The first `limit` bytes of a stream (fewer if it is shorter); the rest is not read. */
async function readStart(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let length = 0
  try {
    while (length < limit) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      length += value.length
    }
  } finally {
    await reader.cancel().catch(() => undefined)
  }
  const start = new Uint8Array(Math.min(length, limit))
  let at = 0
  for (const chunk of chunks) {
    start.set(chunk.subarray(0, start.length - at), at)
    at += Math.min(chunk.length, start.length - at)
  }
  return start
}

const sizeText = (bytes: number) =>
  bytes < 1024
    ? `${bytes} bytes`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${(bytes / 1048576).toFixed(1)} MiB`

/**
 * The offline answer to a message that carries files: each file's name, type and size, and an
 * image's width and height, read from the attachment file store.
 */
export function createAttachmentResponder<TContext>(
  files: AttachmentFileStore<TContext>,
  wordDelayMs: number,
): RespondFunction<TContext> {
  return async function* (thread, input, context, { generateItemId, now, signal }) {
    const described: string[] = []
    for (const attachment of input?.attachments ?? []) {
      const { file, body } = await files.readFile(attachment.id, context)
      let text = `${file.name} (${file.mime_type}, ${sizeText(file.size)}`
      const size = file.mime_type.startsWith('image/')
        ? imageSize(await readStart(body, HEADER_BYTES))
        : undefined
      if (!size) await body.cancel().catch(() => undefined)
      text += size ? `, ${size.width}×${size.height} pixels)` : ')'
      described.push(text)
    }
    yield* streamAssistantText({
      threadId: thread.id,
      id: generateItemId('message'),
      createdAt: now(),
      text: words(
        `You sent ${described.join(', ')}. The demo keeps it in its database: reload and it is still here.`,
        wordDelayMs,
        signal,
      ),
    })
  }
}

/** `text` word by word, `delayMs` apart. */
async function* words(text: string, delayMs: number, signal: AbortSignal): AsyncGenerator<string> {
  const parts = text.split(/(?<= )/)
  for (const part of parts) {
    if (signal.aborted) return
    yield part
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs))
  }
}
