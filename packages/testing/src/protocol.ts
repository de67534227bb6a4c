// `@chatkit-session/testing/protocol`: a headless ChatKit client and the checks it runs against
// any ChatKit server (ours, chatkit-python's) over HTTP, without ChatKit's web component.
export { ChatKitProtocolError, createChatKitProtocolClient } from './createChatKitProtocolClient.ts'
export type {
  ChatKitProtocolClient,
  ChatKitProtocolClientOptions,
  ProtocolStream,
  ProtocolStreamOptions,
} from './createChatKitProtocolClient.ts'
export {
  checkItemLifecycle,
  checkStreamOpening,
  compareThreads,
  compareWithServer,
  findHiddenItems,
} from './protocolChecks.ts'
export { HIDDEN_ITEM_TYPES, ThreadRebuilder } from './threadRebuilder.ts'
export type { ProtocolEvent, ProtocolItem, RebuiltThread } from './threadRebuilder.ts'
export { startFetchServer } from './startFetchServer.ts'
export type { FetchServerOptions, ListenOptions, ListeningServer } from './startFetchServer.ts'
