import { randomBytes } from 'node:crypto'
import {
  createChatKitTokenHandler,
  type ChatKitFetchHandler,
  type GetRequestUser,
} from '@chatkit-session/server/fetch'
import {
  createDemoChatKitServer,
  logChatKitError,
  readSelfHostedSettings,
} from '@chatkit-session/stories/server'

/** The `aud` claim of the demo's tokens: the ChatKit server refuses tokens for anyone else. */
export const CHATKIT_TOKEN_AUDIENCE = 'vite-demo-chatkit'

/**
 * The self-hosted chat's server side: the token handler, and our ChatKit server (threads in an
 * embedded PGlite database, answers from a scripted responder), sharing one secret.
 */
export interface SelfHostedBackend {
  /** Token lifetime in seconds (`CHATKIT_TOKEN_TTL_SECONDS`, default 300). */
  ttlSeconds: number
  /** The folder of the PGlite database (`CHATKIT_DATA_DIR`). */
  dataDir: string
  /** Signs a ChatKit token for the request's user: mounted at /api/chatkit/token. */
  mint: ChatKitFetchHandler
  /** The ChatKit server's Fetch handler, mounted at /api/chatkit. */
  handle: (request: Request) => Promise<Response>
  /** Settles once the database is open and migrated (rejects if it cannot be). */
  ready: Promise<void>
  /** Closes the database (at shutdown). */
  close: () => Promise<void>
}

/**
 * Reads the environment once: `CHATKIT_TOKEN_SECRET` (else random per process),
 * `CHATKIT_TOKEN_TTL_SECONDS`, `CHATKIT_SCRIPTED_WORD_DELAY_MS` and `CHATKIT_DATA_DIR`
 * (relative to `appDir`). With `control` the testing stand-in sits in front of the server and
 * serves its `/__chatkit-server/*` routes (force 401s, read the log), for the end-to-end tests.
 */
export function createSelfHostedBackend(options: {
  getUser: GetRequestUser
  appDir: string
  control: boolean
  env?: NodeJS.ProcessEnv
}): SelfHostedBackend {
  const { getUser, appDir, control, env = process.env } = options
  const secret = env.CHATKIT_TOKEN_SECRET || randomBytes(32)
  const { ttlSeconds, wordDelayMs, dataDir } = readSelfHostedSettings(env, appDir)
  const { handle, ready, close } = createDemoChatKitServer({
    secret,
    audience: CHATKIT_TOKEN_AUDIENCE,
    dataDir,
    wordDelayMs,
    // With a key an Agents SDK agent answers (`OPENAI_MODEL`, else the SDK's default model).
    agent: env.OPENAI_API_KEY ? { model: env.OPENAI_MODEL || undefined } : undefined,
    control,
    logPrefix: '[vite-demo]',
  })
  return {
    ttlSeconds,
    dataDir,
    mint: createChatKitTokenHandler({
      secret,
      getUser,
      audience: CHATKIT_TOKEN_AUDIENCE,
      ttlSeconds,
      onError: logChatKitError,
    }),
    handle,
    ready,
    close,
  }
}
