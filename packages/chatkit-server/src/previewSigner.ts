/** Signs and checks preview links: HMAC-SHA256 over the owner, the attachment id and the expiry. */
export interface PreviewSigner {
  /** The base64url signature of a preview of `id` for `owner`, valid until `expires` (Unix seconds). */
  sign(owner: string, id: string, expires: number): Promise<string>
  /** Whether `signature` is the one {@link PreviewSigner.sign} gives, compared in constant time. */
  verify(owner: string, id: string, expires: number, signature: string): Promise<boolean>
}

const encoder = new TextEncoder()

function toBase64Url(bytes: ArrayBuffer): string {
  let binary = ''
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte)
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return undefined
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/') + '=')
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}

/** The signed text: fields joined by a byte none of them can hold (ids and keys are checked). */
const message = (owner: string, id: string, expires: number) =>
  encoder.encode(`chatkit-preview\u0000${owner}\u0000${id}\u0000${expires}`)

/**
 * A {@link PreviewSigner} on Web Crypto (any Fetch API runtime). `secret` is a string or bytes
 * of at least 32 bytes, used for nothing else; a shorter one throws a `TypeError`.
 */
export function createPreviewSigner(secret: string | Uint8Array): PreviewSigner {
  const raw = typeof secret === 'string' ? encoder.encode(secret) : secret
  if (!(raw instanceof Uint8Array) || raw.byteLength < 32)
    throw new TypeError('secret: must be at least 32 bytes (openssl rand -base64 32)')
  const keyBytes = new Uint8Array(raw)
  let key: Promise<CryptoKey> | undefined
  const keyOf = () =>
    (key ??= crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]))
  return {
    async sign(owner, id, expires) {
      return toBase64Url(await crypto.subtle.sign('HMAC', await keyOf(), message(owner, id, expires)))
    },
    async verify(owner, id, expires, signature) {
      const bytes = fromBase64Url(signature)
      if (!bytes) return false
      return crypto.subtle.verify('HMAC', await keyOf(), new Uint8Array(bytes), message(owner, id, expires))
    },
  }
}
