// `@chatkit-session/stories/server`: what both demos' servers share. No React here, and no
// `server-only` either: the Vite demo's Hono server imports it on plain Node.
export { logChatKitError } from './logChatKitError.ts'
export {
  DEFAULT_DATA_DIR,
  DEFAULT_SCRIPTED_WORD_DELAY_MS,
  DEFAULT_TOKEN_TTL_SECONDS,
  readSelfHostedSettings,
} from './readSelfHostedSettings.ts'
export type { SelfHostedSettings } from './readSelfHostedSettings.ts'
export { createDemoChatKitServer } from './createDemoChatKitServer.ts'
export type { DemoChatKitServer, DemoChatKitServerOptions } from './createDemoChatKitServer.ts'
