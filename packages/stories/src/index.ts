// `@chatkit-session/stories`: what the demos take from here. The stories themselves are read by
// .storybook/main.ts, not imported.
export { ChatKitStandIn } from './ChatKitStandIn.tsx'
export type { ChatKitStandInProps } from './ChatKitStandIn.tsx'
