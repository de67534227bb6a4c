/**
 * The event a ChatKit stand-in fires on `window` each time it receives a client secret. Its
 * detail says when (`at`, the page's `Date.now()`) and which (`fingerprint`, the first 16 hex
 * digits of the secret's SHA-256), never the secret: enough for the lifecycle suite to check
 * against the emulator that no expired secret was handed out.
 */
export const SECRET_RECEIVED_EVENT = 'chatkit-standin:secret'

/** What {@link SECRET_RECEIVED_EVENT} carries. */
export interface SecretReceived {
  at: number
  fingerprint: string
}

/** Fires {@link SECRET_RECEIVED_EVENT} for `secret`, stamped with the moment of the call. */
export function announceSecret(secret: string): void {
  const at = Date.now()
  void crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret)).then((digest) => {
    const fingerprint = Array.from(new Uint8Array(digest).slice(0, 8), (byte) =>
      byte.toString(16).padStart(2, '0'),
    ).join('')
    const detail: SecretReceived = { at, fingerprint }
    window.dispatchEvent(new CustomEvent(SECRET_RECEIVED_EVENT, { detail }))
  })
}
