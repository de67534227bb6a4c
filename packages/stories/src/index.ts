// `@chatkit-session/stories`: what the demos take from here. The stories themselves are read by
// .storybook/main.ts, not imported.
export { ChatKitStandIn } from './ChatKitStandIn.tsx'
export type { ChatKitStandInProps } from './ChatKitStandIn.tsx'
export { ChatKitChat } from './ChatKitChat.tsx'
export type { ChatKitChatProps } from './ChatKitChat.tsx'
export {
  applyEvent,
  itemText,
  requestJson,
  requestStream,
  userInput,
  ChatRequestError,
} from './chatProtocol.ts'
export type { ChatApi, ChatItem, ChatPage, ChatState, ChatStreamEvent, ChatThread } from './chatProtocol.ts'
export { ChatArea } from './ChatArea.tsx'
export { EventLog } from './EventLog.tsx'
export { SessionPanel } from './SessionPanel.tsx'
export { RealChatKit } from './RealChatKit.tsx'
export { announceSecret, SECRET_RECEIVED_EVENT } from './announceSecret.ts'
export type { SecretReceived } from './announceSecret.ts'
export { SelfHostedDemo } from './SelfHostedDemo.tsx'
export type { SelfHostedDemoProps } from './SelfHostedDemo.tsx'
export { EmulatorBanner } from './EmulatorBanner.tsx'
export type { EmulatorBannerProps } from './EmulatorBanner.tsx'
