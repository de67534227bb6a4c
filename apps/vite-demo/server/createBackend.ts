import { randomBytes } from 'node:crypto'
import {
  createChatKitCancelHandler,
  createChatKitSessionHandler,
  type ChatKitFetchHandler,
  type GetRequestUser,
} from '@chatkit-session/server/fetch'
import { logChatKitError } from '@chatkit-session/stories/server'
import { createChatKitEmulator, type ChatKitEmulator } from '@chatkit-session/testing/emulator'
import OpenAI from 'openai'
import type { DemoSettings } from './demoSettings.ts'

/** The emulator's workflow id when `CHATKIT_WORKFLOW_ID` is not set. */
export const EMULATOR_WORKFLOW_ID = 'wf_local_emulator'

/** The server side of the demo: the session handlers, and the emulator they talk to if any. */
export interface Backend {
  /** The hosted page's settings (`createApp` adds the chat's). */
  settings: Omit<DemoSettings, 'chat'>
  /** The in-process emulator, in emulator mode only. */
  emulator: ChatKitEmulator | undefined
  /** Whether the emulator's control routes are served (`CHATKIT_EMULATOR_CONTROL=1`, tests only). */
  control: boolean
  createSession: ChatKitFetchHandler
  cancelSession: ChatKitFetchHandler
}

/**
 * `CHATKIT_EMULATOR_CONTROL=1` outside production: the emulator's control routes (faults,
 * sessions with their secrets) for the end-to-end tests. Never on with `NODE_ENV=production`.
 */
function controlRequested(env: NodeJS.ProcessEnv): boolean {
  const on = env.CHATKIT_EMULATOR_CONTROL === '1' && env.NODE_ENV !== 'production'
  if (on)
    console.warn(
      '[vite-demo] WARNING: emulator control routes are on (CHATKIT_EMULATOR_CONTROL=1): tests only.',
    )
  return on
}

/**
 * Reads the environment once: with no `OPENAI_API_KEY` the handlers talk to the in-process
 * ChatKit API emulator (`CHATKIT_EMULATOR_LIFETIME_SECONDS`, default 60, checked by the
 * emulator); with one, to the OpenAI API (`OPENAI_BASE_URL` honoured) for `CHATKIT_WORKFLOW_ID`.
 */
export function createBackend(
  getUser: GetRequestUser,
  env: NodeJS.ProcessEnv = process.env,
  clientAddress: (request: Request) => string | undefined = () => undefined,
): Backend {
  const workflowId = env.CHATKIT_WORKFLOW_ID || (env.OPENAI_API_KEY ? '' : EMULATOR_WORKFLOW_ID)
  let emulator: ChatKitEmulator | undefined
  let client: OpenAI
  const control = env.OPENAI_API_KEY ? false : controlRequested(env)
  if (env.OPENAI_API_KEY) {
    // No SDK retries: the browser's backoff decides.
    client = new OpenAI({ maxRetries: 0 })
  } else {
    emulator = createChatKitEmulator({
      lifetimeSeconds: Number(env.CHATKIT_EMULATOR_LIFETIME_SECONDS || 60),
      control,
    })
    // The emulator takes any key; this one is a placeholder, not a secret.
    client = new OpenAI({
      apiKey: 'sk-local-emulator',
      baseURL: emulator.baseURL,
      fetch: emulator.fetch,
      maxRetries: 0,
    })
  }
  // Signs each session's cancel_handle, so only its owner can cancel it (random per process
  // unless set: handles then last as long as the process).
  const cancelSecret = env.CHATKIT_CANCEL_SECRET || randomBytes(32)
  const common = { client, getUser, cancelSecret, onError: logChatKitError }
  // Issuance limits with their defaults (per user, and per IP: the socket's address), in this
  // process's memory. `CHATKIT_LIMITS_SECRET` keys the hashes; random per process unless set.
  // `CHATKIT_LIMITS_USER=1/30` (calls/seconds) replaces the per-user rules, to try a refusal.
  const userRule = /^(\d+)\/(\d+)$/.exec(env.CHATKIT_LIMITS_USER ?? '')
  const limits = {
    secret: env.CHATKIT_LIMITS_SECRET || randomBytes(32),
    user: userRule ? [{ limit: Number(userRule[1]), window: Number(userRule[2]) * 1000 }] : undefined,
    clientIp: (_headers: unknown, request: Request | undefined) =>
      request === undefined ? undefined : clientAddress(request),
  }
  return {
    settings: {
      mode: emulator ? 'emulator' : 'openai',
      lifetimeSeconds: emulator?.getLifetime(),
      realWidget: emulator === undefined && workflowId !== '',
    },
    emulator,
    control,
    createSession: createChatKitSessionHandler({ ...common, limits, workflow: { id: workflowId } }),
    cancelSession: createChatKitCancelHandler(common),
  }
}
