import { createChatKitSessionAction } from '@chatkit-session/server'
import { EMULATOR_BASE_URL, createChatKitEmulator } from '@chatkit-session/testing/emulator'
import OpenAI from 'openai'

/**
 * The official SDK's client on a new in-process emulator, with no network. (The bench runs in
 * jsdom, which the SDK takes for a browser: `dangerouslyAllowBrowser` only silences that check.)
 */
export function createEmulatorClient() {
  const emulator = createChatKitEmulator()
  const client = new OpenAI({
    apiKey: 'sk-bench-not-a-real-key',
    baseURL: EMULATOR_BASE_URL,
    fetch: emulator.fetch,
    maxRetries: 0,
    dangerouslyAllowBrowser: true,
  })
  return { emulator, client }
}

/**
 * The real server action over the official SDK, against the in-process emulator: what sits
 * behind `getClientSecret` in an app.
 */
export function createEmulatorAction() {
  const { emulator, client } = createEmulatorClient()
  const workflow = { id: 'wf_bench' }
  const action = createChatKitSessionAction({ client, getUser: () => 'user_bench', workflow })
  const rawCreate = () => client.beta.chatkit.sessions.create({ user: 'user_bench', workflow })
  return { emulator, client, action, rawCreate }
}
