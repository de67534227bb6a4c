export { CHATKIT_BETA_HEADER, EMULATOR_BASE_URL, createChatKitEmulator } from './createChatKitEmulator.ts'
export type { ChatKitEmulator, ChatKitEmulatorOptions, EmulatorRequest } from './chatKitEmulator.ts'
export { startChatKitEmulator } from './startChatKitEmulator.ts'
export type { RunningChatKitEmulator, StartChatKitEmulatorOptions } from './startChatKitEmulator.ts'
export { MAX_EMULATOR_LATENCY_MS, emulatorFaultsSchema } from './emulatorFaults.ts'
export { MAX_RECORDED_REQUESTS, MAX_STORED_SESSIONS } from './boundedLog.ts'
export type { EmulatorFaults } from './emulatorFaults.ts'
export type { OpenAIErrorBody } from './openAIErrorResponse.ts'
export { EMULATOR_CLI_USAGE, runEmulatorCli } from './emulatorCli.ts'
export {
  MAX_FORCED_UNAUTHORIZED,
  MAX_STAND_IN_LATENCY_MS,
  STAND_IN_URL,
  createChatKitServerStandIn,
} from './createChatKitServerStandIn.ts'
export type {
  ChatKitServerEcho,
  ChatKitServerRefusal,
  ChatKitServerRefusalCode,
  ChatKitServerRequest,
  ChatKitServerStandIn,
  ChatKitServerStandInBaseOptions,
  ChatKitServerStandInOptions,
} from './createChatKitServerStandIn.ts'
export { startChatKitServerStandIn } from './startChatKitServerStandIn.ts'
export type {
  RunningChatKitServerStandIn,
  StartChatKitServerStandInOptions,
} from './startChatKitServerStandIn.ts'
export type { ListenOptions, ListeningServer } from './startFetchServer.ts'
export { createScriptedResponder } from './createScriptedResponder.ts'
export type { ScriptedResponderOptions } from './createScriptedResponder.ts'
