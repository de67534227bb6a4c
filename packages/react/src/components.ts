'use client'

// `@chatkit-session/react/components`: optional UI over the session. A page that only renders
// ChatKit imports the main entry and never loads these.
export { ChatKitSessionBadge, defaultBadgeLabels, defaultStatusLabels } from './ChatKitSessionBadge.tsx'
export type { ChatKitSessionBadgeLabels, ChatKitSessionBadgeProps } from './ChatKitSessionBadge.tsx'
export { ChatKitSessionGate } from './ChatKitSessionGate.tsx'
export type { ChatKitSessionGateProps } from './ChatKitSessionGate.tsx'
