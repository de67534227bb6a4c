import 'server-only'
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { createChatKitServer } from '@chatkit-session/chatkit-server'
import { createChatKitHandler } from '@chatkit-session/chatkit-server/fetch'
import { createPostgresStore } from '@chatkit-session/chatkit-server/postgres'
import { createChatKitTokenAction } from '@chatkit-session/server'
import { createChatKitServerStandIn, createScriptedResponder } from '@chatkit-session/testing/emulator'
import { PGlite } from '@electric-sql/pglite'
import { getCurrentUserId as getUser } from './currentUser'
import { getDemoConfig } from './demoConfig'
import { logChatKitError } from './logChatKitError'

/** The `aud` claim of the demo's tokens: the ChatKit server refuses tokens for anyone else. */
export const CHATKIT_TOKEN_AUDIENCE = 'next-demo-chatkit'

/** Token lifetime when `CHATKIT_TOKEN_TTL_SECONDS` is not set. */
export const DEFAULT_TOKEN_TTL_SECONDS = 300

/** Where the threads live when `CHATKIT_DATA_DIR` is not set, relative to the app's folder. */
export const DEFAULT_DATA_DIR = '.data/chatkit'

/**
 * The self-hosted path's server side: the token action, and our ChatKit server (threads in an
 * embedded PGlite database, answers from a scripted responder), sharing one secret.
 */
export interface SelfHostedBackend {
  /** Token lifetime in seconds (`CHATKIT_TOKEN_TTL_SECONDS`, default 300). */
  ttlSeconds: number
  mint: ReturnType<typeof createChatKitTokenAction>
  /** The ChatKit server's Fetch handler, mounted at /api/chatkit. */
  handle: (request: Request) => Promise<Response>
  /** The folder of the PGlite database (`CHATKIT_DATA_DIR`). */
  dataDir: string
  /** Settles once the database is open and migrated (rejects if it cannot be). */
  ready: Promise<void>
}

// One per server process, shared by server actions and route handlers (separate bundles).
const BACKEND = Symbol.for('chatkit-session.next-demo.self-hosted')

function readTtlSeconds(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_TOKEN_TTL_SECONDS
  const seconds = Number(value)
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 600) {
    throw new RangeError('CHATKIT_TOKEN_TTL_SECONDS must be a whole number of seconds, 1..600.')
  }
  return seconds
}

function readWordDelay(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 40
  const ms = Number(value)
  if (!Number.isInteger(ms) || ms < 0 || ms > 10_000) {
    throw new RangeError('CHATKIT_SCRIPTED_WORD_DELAY_MS must be a whole number of milliseconds, 0..10000.')
  }
  return ms
}

/** Where the demo keeps its threads: `CHATKIT_DATA_DIR`, else `.data/chatkit` in the app's folder. */
export function readDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.CHATKIT_DATA_DIR || DEFAULT_DATA_DIR)
}

function createBackend(env: NodeJS.ProcessEnv = process.env): SelfHostedBackend {
  // `CHATKIT_TOKEN_SECRET` (at least 32 bytes), else a random secret for this process.
  const secret = env.CHATKIT_TOKEN_SECRET || randomBytes(32)
  const ttlSeconds = readTtlSeconds(env.CHATKIT_TOKEN_TTL_SECONDS)
  const config = getDemoConfig(env)
  const dataDir = readDataDir(env)
  const store = createPostgresStore({ db: new PGlite(dataDir) })
  const server = createChatKitServer<{ userId: string }>({
    store,
    respond: createScriptedResponder({ wordDelayMs: readWordDelay(env.CHATKIT_SCRIPTED_WORD_DELAY_MS) }),
    onError: (error, { type }) => console.warn(`[next-demo] ChatKit ${type} failed:`, error),
  })
  const handler = createChatKitHandler({
    server,
    verify: { secret, audience: CHATKIT_TOKEN_AUDIENCE },
    onError: (error, { phase }) => console.warn(`[next-demo] ChatKit handler (${phase}):`, error),
  })
  // The /__chatkit-server/* routes (force 401s, read the log) for the end-to-end tests only, in
  // front of the real server: the same rule as the emulator's (emulator mode, not production).
  const control = config.mode === 'emulator' && config.control
  const standIn = control
    ? createChatKitServerStandIn({ secret, audience: CHATKIT_TOKEN_AUDIENCE, control, forward: handler })
    : undefined
  return {
    ttlSeconds,
    dataDir,
    ready: store.migrate(),
    mint: createChatKitTokenAction({
      secret,
      getUser,
      audience: CHATKIT_TOKEN_AUDIENCE,
      ttlSeconds,
      onError: logChatKitError,
    }),
    handle: standIn?.handle ?? handler,
  }
}

/** The process's self-hosted backend, created on first use with the environment of that moment. */
export function getSelfHostedBackend(): SelfHostedBackend {
  const store = globalThis as typeof globalThis & { [BACKEND]?: SelfHostedBackend }
  store[BACKEND] ??= createBackend()
  return store[BACKEND]
}
