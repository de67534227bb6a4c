export const API_KEY = 'sk-proj-LEAKCHECK-4f9a2c7e1b3d5a6c8e0f'

/** Lets a test put a value of the wrong type where the config's types forbid it. */
export function loose<T>(value: unknown): T {
  return value as T
}
