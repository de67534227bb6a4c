import { fileURLToPath } from 'node:url'

/** The app's directory (where `next build` writes `.next`). */
export const APP_DIR = fileURLToPath(new URL('..', import.meta.url))

/**
 * A known, fake API key: set while `next build` runs and for the server in real-key mode, so
 * check 6 can look for it everywhere the browser can see.
 */
export const TEST_API_KEY = 'sk-e2e-known-test-key-4f1c9a7e2b6d8053'

/** Environment variables the demo reads: removed from what the developer's shell passes on. */
export const DEMO_ENV_KEYS = [
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'CHATKIT_WORKFLOW_ID',
  'CHATKIT_EMULATOR_LIFETIME_SECONDS',
  'CHATKIT_EMULATOR_LATENCY_MS',
  'CHATKIT_EMULATOR_CONTROL',
  'CHATKIT_TOKEN_SECRET',
  'CHATKIT_TOKEN_TTL_SECONDS',
  'CHATKIT_CANCEL_SECRET',
  'DEMO_COOKIE_SECRET',
  'CHATKIT_DATA_DIR',
  'CHATKIT_SCRIPTED_WORD_DELAY_MS',
  'CHATKIT_DOMAIN_KEY',
  'OPENAI_MODEL',
  'PORT',
] as const

/** `process.env` without the demo's own variables, plus `extra`, with telemetry off. */
export function demoEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
  // child_process leaves out variables whose value is undefined.
  for (const key of DEMO_ENV_KEYS) env[key] = undefined
  return { ...env, ...extra }
}
