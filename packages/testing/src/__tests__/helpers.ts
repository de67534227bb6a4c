import { CHATKIT_BETA_HEADER, EMULATOR_BASE_URL } from '../createChatKitEmulator.ts'

export const API_KEY = 'sk-test-emulator-key-0123456789'

export const minimalBody = { user: 'user_1', workflow: { id: 'wf_1' } }

/** Headers the SDK sends, unless a test leaves some out. */
export function apiHeaders(overrides: Record<string, string | undefined> = {}): Headers {
  const headers = new Headers()
  const all: Record<string, string | undefined> = {
    authorization: `Bearer ${API_KEY}`,
    'openai-beta': CHATKIT_BETA_HEADER,
    'content-type': 'application/json',
    ...overrides,
  }
  for (const [name, value] of Object.entries(all)) if (value !== undefined) headers.set(name, value)
  return headers
}

/** A raw `POST` to the emulator's API, with the SDK's headers unless overridden. */
export function apiRequest(
  path: string,
  body?: unknown,
  overrides: Record<string, string | undefined> = {},
  baseURL = EMULATOR_BASE_URL,
): Request {
  return new Request(`${baseURL}${path}`, {
    method: 'POST',
    headers: apiHeaders(overrides),
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
}
