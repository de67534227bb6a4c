/** What the SPA asks the server for at start (`GET /api/demo`): nothing secret. */
export interface DemoSettings {
  /** `emulator` without `OPENAI_API_KEY`, else `openai`. */
  mode: 'emulator' | 'openai'
  /** The emulator's session lifetime in seconds (emulator mode). */
  lifetimeSeconds: number | undefined
  /** Whether the real `<ChatKit>` is rendered on `/hosted`: a key and a workflow are set. */
  realWidget: boolean
  /** The self-hosted chat on `/`. */
  chat: {
    /** Token lifetime in seconds (`CHATKIT_TOKEN_TTL_SECONDS`). */
    ttlSeconds: number
    /** Whether the real `<ChatKit>` is rendered: a key and `CHATKIT_DOMAIN_KEY` are set. */
    realWidget: boolean
    /** `CHATKIT_DOMAIN_KEY` (public: the widget sends it), or a placeholder for our small chat. */
    domainKey: string
  }
}
