import type { ChatKitSessionStatus } from './types.ts'

/** A badge colour pair: text on background. */
export interface BadgeTone {
  color: string
  background: string
}

/**
 * The badge's built-in colours, one per status plus "expiring soon". Every pair keeps WCAG 2.2's
 * 4.5:1 contrast for normal text (1.4.3, level AA); `__tests__/badgeTones.test.ts` checks it.
 */
export const badgeTones: Record<ChatKitSessionStatus | 'expiring', BadgeTone> = {
  idle: { color: '#374151', background: '#e5e7eb' },
  loading: { color: '#1e3a8a', background: '#dbeafe' },
  active: { color: '#14532d', background: '#dcfce7' },
  refreshing: { color: '#1e3a8a', background: '#dbeafe' },
  expiring: { color: '#78350f', background: '#fef3c7' },
  expired: { color: '#7c2d12', background: '#ffedd5' },
  cancelled: { color: '#374151', background: '#e5e7eb' },
  error: { color: '#7f1d1d', background: '#fee2e2' },
}
