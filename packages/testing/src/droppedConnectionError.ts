/**
 * What the emulator's `handle` rejects with when the `dropConnection` fault is on. A
 * `TypeError` with the message undici uses, so the in-process `fetch` fails like a real one;
 * the HTTP transport destroys the socket instead.
 */
export class DroppedConnectionError extends TypeError {
  constructor() {
    super('fetch failed', { cause: new Error('The ChatKit emulator dropped the connection (fault).') })
    this.name = 'TypeError'
  }
}
