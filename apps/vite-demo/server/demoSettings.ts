/** What the SPA asks the server for at start (`GET /api/demo`): nothing secret. */
export interface DemoSettings {
  /** `emulator` without `OPENAI_API_KEY`, else `openai`. */
  mode: 'emulator' | 'openai'
  /** The emulator's session lifetime in seconds (emulator mode). */
  lifetimeSeconds: number | undefined
  /** Whether the real `<ChatKit>` is rendered: a key and a workflow are set. */
  realWidget: boolean
}
