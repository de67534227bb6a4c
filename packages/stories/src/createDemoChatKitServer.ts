import { mkdirSync } from 'node:fs'
import { createChatKitServer } from '@chatkit-session/chatkit-server'
import { createChatKitHandler } from '@chatkit-session/chatkit-server/fetch'
import { createPostgresStore } from '@chatkit-session/chatkit-server/postgres'
import { createChatKitServerStandIn, createScriptedResponder } from '@chatkit-session/testing/emulator'
import { PGlite } from '@electric-sql/pglite'

/** Options of {@link createDemoChatKitServer}. */
export interface DemoChatKitServerOptions {
  /** The HS256 secret the token issuer signs with. */
  secret: string | Uint8Array
  /** The tokens' `aud` claim: tokens for anyone else are refused. */
  audience: string
  /** The PGlite database's folder. */
  dataDir: string
  /** The scripted responder's pause between words, in milliseconds. */
  wordDelayMs: number
  /**
   * Put the testing stand-in in front of the server, serving its `/__chatkit-server/*` control
   * routes (force 401s, read the log): for the end-to-end tests only.
   * @default false
   */
  control?: boolean
  /**
   * What the server's log lines start with.
   * @default '[demo]'
   */
  logPrefix?: string
}

/** What {@link createDemoChatKitServer} returns. */
export interface DemoChatKitServer {
  /** The Fetch handler to mount at `/api/chatkit`. */
  handle: (request: Request) => Promise<Response>
  /** Settles once the database is open and migrated: await it at start-up to fail early. */
  ready: Promise<void>
  /** Closes the database (at shutdown). */
  close: () => Promise<void>
}

/**
 * Both demos' own ChatKit server: `createChatKitServer` over `createPostgresStore` on PGlite in
 * `dataDir`, answering with the scripted responder, behind `createChatKitHandler`'s token check
 * (and, with `control`, the testing stand-in).
 */
export function createDemoChatKitServer(options: DemoChatKitServerOptions): DemoChatKitServer {
  const { secret, audience, dataDir, wordDelayMs, control = false, logPrefix = '[demo]' } = options
  // PGlite makes its own folder but not the ones above it: `.data` is missing on a fresh clone.
  mkdirSync(dataDir, { recursive: true })
  const db = new PGlite(dataDir)
  const store = createPostgresStore({ db })
  const server = createChatKitServer<{ userId: string }>({
    store,
    respond: createScriptedResponder({ wordDelayMs }),
    onError: (error, { type }) => console.warn(`${logPrefix} ChatKit ${type} failed:`, error),
  })
  const handler = createChatKitHandler({
    server,
    verify: { secret, audience },
    onError: (error, { phase }) => console.warn(`${logPrefix} ChatKit handler (${phase}):`, error),
  })
  const standIn = control
    ? createChatKitServerStandIn({ secret, audience, control, forward: handler })
    : undefined
  return { handle: standIn?.handle ?? handler, ready: store.migrate(), close: () => db.close() }
}
