import 'server-only'
import { randomBytes } from 'node:crypto'
import { createChatKitCancelAction, createChatKitSessionAction } from '@chatkit-session/server'
import { createChatKitEmulator, type ChatKitEmulator } from '@chatkit-session/testing/emulator'
import OpenAI from 'openai'
import { getCurrentUserId as getUser } from './currentUser'
import { getDemoConfig, RETIRED_WORKFLOW_ID, type DemoConfig } from './demoConfig'
import { logChatKitError } from '@chatkit-session/stories/server'

/** The server-side half of the demo: the SDK client, the actions' bodies, the emulator if any. */
export interface SessionBackend {
  config: DemoConfig
  /** The in-process emulator, in emulator mode only. */
  emulator: ChatKitEmulator | undefined
  create: ReturnType<typeof createChatKitSessionAction>
  cancel: ReturnType<typeof createChatKitCancelAction>
}

// One per server process, shared by server actions and route handlers (separate bundles).
const BACKEND = Symbol.for('chatkit-session.next-demo.backend')

function createBackend(): SessionBackend {
  const config = getDemoConfig()
  let emulator: ChatKitEmulator | undefined
  let client: OpenAI
  if (config.mode === 'emulator') {
    emulator = createChatKitEmulator({
      lifetimeSeconds: config.lifetimeSeconds,
      latencyMs: config.latencyMs,
      control: config.control,
      // The configured workflow, and a retired one to show what Agent Builder's shutdown looks like.
      workflows: { [config.workflowId]: {}, [RETIRED_WORKFLOW_ID]: { retired: true } },
    })
    // The emulator takes any key; this one is a placeholder, not a secret.
    client = new OpenAI({
      apiKey: 'sk-local-emulator',
      baseURL: emulator.baseURL,
      fetch: emulator.fetch,
      maxRetries: 0,
    })
  } else {
    // Reads OPENAI_API_KEY and OPENAI_BASE_URL. No SDK retries: the browser's backoff decides.
    client = new OpenAI({ maxRetries: 0 })
  }
  // Signs each session's cancel_handle (`CHATKIT_CANCEL_SECRET`, 32+ bytes), else a random key
  // for this process: a restart then only makes the live sessions' handles stale.
  const cancelSecret = process.env.CHATKIT_CANCEL_SECRET || randomBytes(32)
  return {
    config,
    emulator,
    create: createChatKitSessionAction({
      client,
      getUser,
      workflow: { id: config.workflowId ?? '' },
      cancelSecret,
      onError: logChatKitError,
    }),
    cancel: createChatKitCancelAction({
      client,
      getUser,
      cancelSecret,
      onError: logChatKitError,
    }),
  }
}

/** The process's backend, created on first use with the environment of that moment. */
export function getSessionBackend(): SessionBackend {
  const store = globalThis as typeof globalThis & { [BACKEND]?: SessionBackend }
  store[BACKEND] ??= createBackend()
  return store[BACKEND]
}
