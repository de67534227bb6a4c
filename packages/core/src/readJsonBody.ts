import { isRecord } from './isRecord.ts'

/** What {@link readJsonBody} found: the JSON object, or why there is none. */
export type JsonBody =
  { ok: true; value: Record<string, unknown> } | { ok: false; reason: 'too_large' | 'not_json' }

/**
 * Reads a request body of at most `maxBytes` as a JSON object. A `Content-Length` above the
 * limit is refused before anything is read, and a body without one stops being read at the
 * limit. Empty, not UTF-8, not JSON, or JSON that is not an object (an array, a string): `not_json`.
 *
 * @internal Shared by the Fetch handlers of `@chatkit-session/server` and
 * `@chatkit-session/chatkit-server`; not part of the public API.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<JsonBody> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) return { ok: false, reason: 'too_large' }
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = request.body?.getReader()
  for (;;) {
    const next = await reader?.read()
    if (next === undefined || next.done) break
    size += next.value.byteLength
    if (size > maxBytes) {
      await reader?.cancel()
      return { ok: false, reason: 'too_large' }
    }
    chunks.push(next.value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
    return isRecord(value) ? { ok: true, value } : { ok: false, reason: 'not_json' }
  } catch {
    return { ok: false, reason: 'not_json' }
  }
}
