import 'server-only'
import { randomBytes } from 'node:crypto'
import { createChatKitTokenAction } from '@chatkit-session/server'
import {
  createDemoChatKitServer,
  logChatKitError,
  readSelfHostedSettings,
} from '@chatkit-session/stories/server'
import { getCurrentUserId as getUser } from './currentUser'
import { getDemoConfig } from './demoConfig'

/** The `aud` claim of the demo's tokens: the ChatKit server refuses tokens for anyone else. */
export const CHATKIT_TOKEN_AUDIENCE = 'next-demo-chatkit'

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

function createBackend(env: NodeJS.ProcessEnv = process.env): SelfHostedBackend {
  // `CHATKIT_TOKEN_SECRET` (at least 32 bytes), else a random secret for this process.
  const secret = env.CHATKIT_TOKEN_SECRET || randomBytes(32)
  const { ttlSeconds, wordDelayMs, dataDir } = readSelfHostedSettings(env, process.cwd())
  const config = getDemoConfig(env)
  // The /__chatkit-server/* routes (force 401s, read the log) for the end-to-end tests only, in
  // front of the real server: the same rule as the emulator's (emulator mode, not production).
  const { handle, ready } = createDemoChatKitServer({
    secret,
    audience: CHATKIT_TOKEN_AUDIENCE,
    dataDir,
    wordDelayMs,
    // With a key an Agents SDK agent answers (`OPENAI_MODEL`, else the SDK's default model).
    agent: env.OPENAI_API_KEY ? { model: env.OPENAI_MODEL || undefined } : undefined,
    control: config.mode === 'emulator' && config.control,
    logPrefix: '[next-demo]',
  })
  return {
    ttlSeconds,
    dataDir,
    ready,
    mint: createChatKitTokenAction({
      secret,
      getUser,
      audience: CHATKIT_TOKEN_AUDIENCE,
      ttlSeconds,
      onError: logChatKitError,
    }),
    handle,
  }
}

/** The process's self-hosted backend, created on first use with the environment of that moment. */
export function getSelfHostedBackend(): SelfHostedBackend {
  const store = globalThis as typeof globalThis & { [BACKEND]?: SelfHostedBackend }
  store[BACKEND] ??= createBackend()
  return store[BACKEND]
}
