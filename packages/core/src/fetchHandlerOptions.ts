// The options every Fetch API handler of ours checks the same way: which other origins may call
// it, and how large a body it reads. Checked once, when the handler is created.

/**
 * The origin of `url` (`https://app.example.com`), or `undefined` when it is not a URL.
 *
 * @internal Shared by the Fetch handlers; not part of the public API.
 */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin
  } catch {
    return undefined
  }
}

/**
 * `allowedOrigins` as a set, or a `TypeError` naming the option (never its value) unless it is
 * an array of bare origins, exactly as browsers send them in `Origin` (no path, no trailing
 * slash). Left out: no other origin.
 *
 * @internal Shared by the Fetch handlers; not part of the public API.
 */
export function readAllowedOrigins(value: unknown): ReadonlySet<string> {
  if (value === undefined) return new Set()
  if (!Array.isArray(value)) throw new TypeError('allowedOrigins: must be an array of origins')
  for (const origin of value) {
    if (typeof origin !== 'string' || originOf(origin) !== origin) {
      throw new TypeError('allowedOrigins: each must be an origin such as https://app.example.com')
    }
  }
  return new Set(value as string[])
}

/**
 * `maxBodyBytes`, or `fallback` when it is left out; a `TypeError` unless it is a whole number
 * of at least 2 (the smallest JSON object, `{}`).
 *
 * @internal Shared by the Fetch handlers; not part of the public API.
 */
export function readMaxBodyBytes(value: unknown, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 2) {
    throw new TypeError('maxBodyBytes: must be a whole number of bytes, at least 2')
  }
  return value
}

/**
 * Whether the request says its body is JSON (`Content-Type: application/json`, any parameters).
 *
 * @internal Shared by the Fetch handlers; not part of the public API.
 */
export function isJsonRequest(request: Request): boolean {
  const type = request.headers.get('content-type') ?? ''
  return type.split(';')[0]?.trim().toLowerCase() === 'application/json'
}
