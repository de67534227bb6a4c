import { base64url } from 'jose'
import { readTokenSecret } from './chatKitTokenKeys.ts'

/** The shape of a cancel handle: an HMAC-SHA256 in base64url, 43 characters. */
export const CANCEL_HANDLE_PATTERN = /^[A-Za-z0-9_-]{43}$/

// Domain separation: a MAC made here can never stand for anything else signed with the same key.
const CONTEXT = 'chatkit-session/cancel-handle/v1'

/**
 * Signs and checks cancel handles: an HMAC-SHA256, keyed with the app's `cancelSecret`, over
 * (user id, session id). A handle proves that this server created that session for that user,
 * and nothing more: it cannot be turned into the key, and it authorises no other user and no
 * other session.
 */
export interface CancelHandleSigner {
  sign: (user: string, sessionId: string) => Promise<string>
  /** Whether `handle` is the handle of `sessionId` for `user` (compared in constant time). */
  verify: (handle: string, user: string, sessionId: string) => Promise<boolean>
}

function message(user: string, sessionId: string): Uint8Array<ArrayBuffer> {
  // JSON keeps the fields apart whatever characters a user id holds.
  return new TextEncoder().encode(JSON.stringify([CONTEXT, user, sessionId]))
}

/**
 * A signer keyed with `secret` (a string or bytes, at least 32 bytes). Throws a `TypeError`
 * naming `option`, never the value, for a missing or short secret.
 */
export function createCancelHandleSigner(secret: unknown, option = 'cancelSecret'): CancelHandleSigner {
  if (secret === undefined) {
    throw new TypeError(
      `${option}: required (at least 32 bytes): generate one with \`openssl rand -base64 32\``,
    )
  }
  const bytes = Uint8Array.from(readTokenSecret(secret, 'HS256', option))
  let key: Promise<CryptoKey> | undefined
  const getKey = () =>
    (key ??= globalThis.crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]))
  return {
    sign: async (user, sessionId) => {
      const mac = await globalThis.crypto.subtle.sign('HMAC', await getKey(), message(user, sessionId))
      return base64url.encode(new Uint8Array(mac))
    },
    verify: async (handle, user, sessionId) => {
      if (!CANCEL_HANDLE_PATTERN.test(handle)) return false
      const mac = Uint8Array.from(base64url.decode(handle))
      return globalThis.crypto.subtle.verify('HMAC', await getKey(), mac, message(user, sessionId))
    },
  }
}
