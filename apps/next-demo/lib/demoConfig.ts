import 'server-only'

/** The emulator's session lifetime when `CHATKIT_EMULATOR_LIFETIME_SECONDS` is not set. */
export const DEFAULT_EMULATOR_LIFETIME_SECONDS = 60

/** The workflow id sessions name on the emulator when `CHATKIT_WORKFLOW_ID` is not set. */
export const EMULATOR_WORKFLOW_ID = 'wf_local_emulator'

/** What the server prints at start-up while the control routes are on. */
export const CONTROL_ON_WARNING = [
  '!!! CHATKIT_EMULATOR_CONTROL=1: the emulator and ChatKit server control routes are ON.',
  '!!! Anyone who can reach /api/emulator/__emulator/* and /api/chatkit/__chatkit-server/* can',
  '!!! switch faults, slow every answer, read whole sessions (client secrets included) and list',
  '!!! every user id and token id. For end-to-end tests only: never in production.',
].join('\n')

const CONTROL_REFUSED_WARNING =
  '[next-demo] CHATKIT_EMULATOR_CONTROL=1 is ignored: NODE_ENV is production, and the control routes serve tests only.'

/**
 * A workflow the emulator answers as retired (Agent Builder's hosted workflows shut down on
 * 2026-11-30): `CHATKIT_WORKFLOW_ID=wf_agent_builder_retired pnpm demo` shows that failure.
 */
export const RETIRED_WORKFLOW_ID = 'wf_agent_builder_retired'

/**
 * Where the demo's sessions come from, read from the environment at request time:
 * - no `OPENAI_API_KEY`: the in-process ChatKit emulator (the library never does this by
 *   itself; the demo chooses it);
 * - `OPENAI_API_KEY` (and `OPENAI_BASE_URL` if set): the OpenAI API, for `CHATKIT_WORKFLOW_ID`.
 */
export type DemoConfig = (
  | {
      mode: 'emulator'
      workflowId: string
      /** `CHATKIT_EMULATOR_LIFETIME_SECONDS`, 1..600. */
      lifetimeSeconds: number
      /** `CHATKIT_EMULATOR_LATENCY_MS`, 0..10 000: how long the emulator takes to answer, like the real API. */
      latencyMs: number
      /**
       * Serve the emulator's control routes under /api/emulator and the ChatKit server
       * stand-in's under /api/chatkit/__chatkit-server: `CHATKIT_EMULATOR_CONTROL=1`, in
       * emulator mode, and a `NODE_ENV` other than `production`.
       */
      control: boolean
    }
  | { mode: 'openai'; workflowId: string | undefined }
) & {
  /** What to print loudly at start-up about the control routes, if anything. */
  startupWarning: string | undefined
}

function readLatency(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 0
  const ms = Number(value)
  if (!Number.isInteger(ms) || ms < 0 || ms > 10_000) {
    throw new RangeError('CHATKIT_EMULATOR_LATENCY_MS must be a whole number of milliseconds, 0..10000.')
  }
  return ms
}

function readLifetime(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_EMULATOR_LIFETIME_SECONDS
  const seconds = Number(value)
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 600) {
    throw new RangeError(`CHATKIT_EMULATOR_LIFETIME_SECONDS must be a whole number of seconds, 1..600.`)
  }
  return seconds
}

export function getDemoConfig(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const asked = env.CHATKIT_EMULATOR_CONTROL === '1'
  // Read through `env`, never as `process.env.NODE_ENV`: Next.js inlines that at build time.
  const production = env.NODE_ENV === 'production'
  if (env.OPENAI_API_KEY) {
    return {
      mode: 'openai',
      workflowId: env.CHATKIT_WORKFLOW_ID || undefined,
      startupWarning: asked
        ? '[next-demo] CHATKIT_EMULATOR_CONTROL=1 is ignored: OPENAI_API_KEY is set, and the control routes serve the emulator only.'
        : undefined,
    }
  }
  const control = asked && !production
  return {
    mode: 'emulator',
    workflowId: env.CHATKIT_WORKFLOW_ID || EMULATOR_WORKFLOW_ID,
    lifetimeSeconds: readLifetime(env.CHATKIT_EMULATOR_LIFETIME_SECONDS),
    latencyMs: readLatency(env.CHATKIT_EMULATOR_LATENCY_MS),
    control,
    startupWarning: control ? CONTROL_ON_WARNING : asked ? CONTROL_REFUSED_WARNING : undefined,
  }
}
