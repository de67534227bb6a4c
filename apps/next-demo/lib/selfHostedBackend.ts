import 'server-only'
import { randomBytes } from 'node:crypto'
import { createChatKitTokenAction } from '@chatkit-session/server'
import { createChatKitServerStandIn, type ChatKitServerStandIn } from '@chatkit-session/testing/emulator'
import { getCurrentUserId as getUser } from './currentUser'
import { getDemoConfig } from './demoConfig'
import { logChatKitError } from './logChatKitError'

/** The `aud` claim of the demo's tokens: the stand-in refuses tokens for anyone else. */
export const CHATKIT_TOKEN_AUDIENCE = 'next-demo-chatkit'

/** Token lifetime when `CHATKIT_TOKEN_TTL_SECONDS` is not set. */
export const DEFAULT_TOKEN_TTL_SECONDS = 300

/**
 * The self-hosted path's server side: the token action and the stand-in ChatKit server that
 * verifies its tokens, sharing one secret. The stand-in takes the place of your own ChatKit
 * server (mounted at /api/chatkit).
 */
export interface SelfHostedBackend {
  /** Token lifetime in seconds (`CHATKIT_TOKEN_TTL_SECONDS`, default 300). */
  ttlSeconds: number
  mint: ReturnType<typeof createChatKitTokenAction>
  standIn: ChatKitServerStandIn
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

function createBackend(env: NodeJS.ProcessEnv = process.env): SelfHostedBackend {
  // `CHATKIT_TOKEN_SECRET` (at least 32 bytes), else a random secret for this process.
  const secret = env.CHATKIT_TOKEN_SECRET || randomBytes(32)
  const ttlSeconds = readTtlSeconds(env.CHATKIT_TOKEN_TTL_SECONDS)
  const config = getDemoConfig(env)
  return {
    ttlSeconds,
    mint: createChatKitTokenAction({
      secret,
      getUser,
      audience: CHATKIT_TOKEN_AUDIENCE,
      ttlSeconds,
      onError: logChatKitError,
    }),
    standIn: createChatKitServerStandIn({
      secret,
      audience: CHATKIT_TOKEN_AUDIENCE,
      // The /__chatkit-server/* routes (force 401s, read the log) for the end-to-end tests only:
      // the same rule as the emulator's (emulator mode, not production).
      control: config.mode === 'emulator' && config.control,
    }),
  }
}

/** The process's self-hosted backend, created on first use with the environment of that moment. */
export function getSelfHostedBackend(): SelfHostedBackend {
  const store = globalThis as typeof globalThis & { [BACKEND]?: SelfHostedBackend }
  store[BACKEND] ??= createBackend()
  return store[BACKEND]
}
