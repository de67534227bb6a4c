import { inspect } from 'node:util'
import OpenAI from 'openai'
import { vi } from 'vitest'
import { createChatKitSessionAction } from '@chatkit-session/server'
import {
  createChatKitEmulator,
  startChatKitEmulator,
  type ChatKitEmulator,
  type ChatKitEmulatorOptions,
} from '@chatkit-session/testing/emulator'

export { createChatKitEmulator, startChatKitEmulator }

export const API_KEY = 'sk-proj-LEAKCHECK-4f9a2c7e1b3d5a6c8e0f'

/** An emulator and an SDK client wired to it; `stop` frees its port, if any. */
export interface Harness {
  emulator: ChatKitEmulator
  client: OpenAI
  stop: () => Promise<void>
}

/** The two ways the SDK reaches the emulator. Clients never retry: each test sees one failure. */
export const transports: { name: string; start: (options?: ChatKitEmulatorOptions) => Promise<Harness> }[] = [
  {
    name: 'HTTP on 127.0.0.1',
    start: async (options) => {
      const emulator = await startChatKitEmulator(options)
      const client = new OpenAI({ apiKey: API_KEY, baseURL: emulator.baseURL, maxRetries: 0 })
      return { emulator, client, stop: emulator.stop }
    },
  },
  {
    name: 'in-process fetch',
    start: async (options) => {
      const emulator = createChatKitEmulator(options)
      const client = new OpenAI({
        apiKey: API_KEY,
        baseURL: emulator.baseURL,
        fetch: emulator.fetch,
        maxRetries: 0,
      })
      return { emulator, client, stop: () => Promise.resolve() }
    },
  },
]

/**
 * A session `user` really holds, with its real cancel handle, that the emulator a test points at
 * has never seen: a second, in-process emulator made it. Cancelling it reaches the API's 404
 * through the public actions alone, with no copy of the server's handle signer.
 */
export async function sessionElsewhere(
  user: string,
  cancelSecret: string,
): Promise<{ id: string; cancel_handle: string }> {
  const elsewhere = createChatKitEmulator()
  const created = await createChatKitSessionAction({
    client: new OpenAI({
      apiKey: API_KEY,
      baseURL: elsewhere.baseURL,
      fetch: elsewhere.fetch,
      maxRetries: 0,
    }),
    getUser: () => user,
    workflow: { id: 'wf' },
    cancelSecret,
  })()
  if (!created.ok) throw new Error(created.error.message)
  return { id: created.session.id ?? '', cancel_handle: created.session.cancel_handle ?? '' }
}

/** Lets a test put a value of the wrong type where the config's types forbid it. */
export function loose<T>(value: unknown): T {
  return value as T
}

/** Records every console line until `restore()`, printing none. */
export function captureConsole(): { logged: unknown[][]; restore: () => void } {
  const logged: unknown[][] = []
  const spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args)
    }),
  )
  return { logged, restore: () => spies.forEach((spy) => spy.mockRestore()) }
}

/** Everything a person could read of these errors and log lines, as one string to search. */
export function renderForLeakCheck(errors: readonly Error[], logged: readonly unknown[][]): string {
  return [
    ...errors.flatMap((error) => [
      JSON.stringify(error),
      String(error),
      error.stack ?? '',
      inspect(error, { depth: 10 }),
    ]),
    ...logged.map((args) => inspect(args, { depth: 10 })),
  ].join('\n')
}
