import { resolve } from 'node:path'

/** Token lifetime in seconds when `CHATKIT_TOKEN_TTL_SECONDS` is not set. */
export const DEFAULT_TOKEN_TTL_SECONDS = 300

/** The scripted responder's pause between words when `CHATKIT_SCRIPTED_WORD_DELAY_MS` is not set. */
export const DEFAULT_SCRIPTED_WORD_DELAY_MS = 40

/** Where the threads live when `CHATKIT_DATA_DIR` is not set, relative to the app's folder. */
export const DEFAULT_DATA_DIR = '.data/chatkit'

/** The self-hosted chat's settings, as both demos read them from the environment. */
export interface SelfHostedSettings {
  /**
   * Token lifetime in seconds (`CHATKIT_TOKEN_TTL_SECONDS`, a whole number 1..600).
   * @default 300
   */
  ttlSeconds: number
  /**
   * The scripted responder's pause between words (`CHATKIT_SCRIPTED_WORD_DELAY_MS`, 0..10000).
   * @default 40
   */
  wordDelayMs: number
  /**
   * The PGlite database's folder, absolute (`CHATKIT_DATA_DIR`, relative to the app's folder).
   * @default '<app folder>/.data/chatkit'
   */
  dataDir: string
}

function readWholeNumber(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
) {
  if (value === undefined || value.trim() === '') return fallback
  const number = Number(value)
  if (!Number.isInteger(number) || number < min || number > max) {
    // The variable's name and range, never its value.
    throw new RangeError(`${name} must be a whole number, ${min}..${max}.`)
  }
  return number
}

/**
 * Reads `CHATKIT_TOKEN_TTL_SECONDS`, `CHATKIT_SCRIPTED_WORD_DELAY_MS` and `CHATKIT_DATA_DIR`
 * (resolved against `appDir`) once, at start-up. A value out of range throws a `RangeError`
 * that names the variable, so a bad setting stops the server before its first request.
 */
export function readSelfHostedSettings(env: NodeJS.ProcessEnv, appDir: string): SelfHostedSettings {
  return {
    ttlSeconds: readWholeNumber(
      env.CHATKIT_TOKEN_TTL_SECONDS,
      'CHATKIT_TOKEN_TTL_SECONDS',
      DEFAULT_TOKEN_TTL_SECONDS,
      1,
      600,
    ),
    wordDelayMs: readWholeNumber(
      env.CHATKIT_SCRIPTED_WORD_DELAY_MS,
      'CHATKIT_SCRIPTED_WORD_DELAY_MS',
      DEFAULT_SCRIPTED_WORD_DELAY_MS,
      0,
      10_000,
    ),
    dataDir: resolve(appDir, env.CHATKIT_DATA_DIR || DEFAULT_DATA_DIR),
  }
}
