import 'server-only'

/** The emulator's session lifetime when `CHATKIT_EMULATOR_LIFETIME_SECONDS` is not set. */
export const DEFAULT_EMULATOR_LIFETIME_SECONDS = 60

/** The workflow id sessions name on the emulator when `CHATKIT_WORKFLOW_ID` is not set. */
export const EMULATOR_WORKFLOW_ID = 'wf_local_emulator'

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
export type DemoConfig =
  | {
      mode: 'emulator'
      workflowId: string
      /** `CHATKIT_EMULATOR_LIFETIME_SECONDS`, 1..600. */
      lifetimeSeconds: number
      /** `CHATKIT_EMULATOR_CONTROL=1`: serve the emulator's control routes under /api/emulator. */
      control: boolean
    }
  | { mode: 'openai'; workflowId: string | undefined }

function readLifetime(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_EMULATOR_LIFETIME_SECONDS
  const seconds = Number(value)
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 600) {
    throw new RangeError(`CHATKIT_EMULATOR_LIFETIME_SECONDS must be a whole number of seconds, 1..600.`)
  }
  return seconds
}

export function getDemoConfig(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  if (env.OPENAI_API_KEY) return { mode: 'openai', workflowId: env.CHATKIT_WORKFLOW_ID || undefined }
  return {
    mode: 'emulator',
    workflowId: env.CHATKIT_WORKFLOW_ID || EMULATOR_WORKFLOW_ID,
    lifetimeSeconds: readLifetime(env.CHATKIT_EMULATOR_LIFETIME_SECONDS),
    control: env.CHATKIT_EMULATOR_CONTROL === '1',
  }
}
