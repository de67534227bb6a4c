// Web Crypto, not node:crypto: the fake action shares these and must run in a browser too.

function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length)
  globalThis.crypto.getRandomValues(bytes)
  return bytes
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function randomHex(length: number): string {
  return Array.from(randomBytes(length), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** A new session id: `cksess_` and 32 random hex digits, like the API's. */
export function createSessionId(): string {
  return `cksess_${randomHex(16)}`
}

/** A new request id for the `x-request-id` header: `req_` and 32 random hex digits. */
export function createRequestId(): string {
  return `req_${randomHex(16)}`
}

/** A new client secret: `ek_` and 256 random bits, base64url. Unguessable. */
export function createClientSecret(): string {
  return `ek_${toBase64Url(randomBytes(32))}`
}
