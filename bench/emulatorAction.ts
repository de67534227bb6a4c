import { createChatKitSessionAction } from '@chatkit-session/server'
import { EMULATOR_BASE_URL, createChatKitEmulator } from '@chatkit-session/testing/emulator'
import OpenAI from 'openai'

/**
 * The real server action over the official SDK, against the in-process emulator: what sits
 * behind `getClientSecret` in an app, with no network. (The bench runs in jsdom, which the
 * SDK takes for a browser: `dangerouslyAllowBrowser` only silences that check here.)
 */
export function createEmulatorAction() {
  const emulator = createChatKitEmulator()
  const client = new OpenAI({
    apiKey: 'sk-bench-not-a-real-key',
    baseURL: EMULATOR_BASE_URL,
    fetch: emulator.fetch,
    maxRetries: 0,
    dangerouslyAllowBrowser: true,
  })
  const workflow = { id: 'wf_bench' }
  const action = createChatKitSessionAction({ client, getUser: () => 'user_bench', workflow })
  const rawCreate = () => client.beta.chatkit.sessions.create({ user: 'user_bench', workflow })
  return { emulator, client, action, rawCreate }
}
