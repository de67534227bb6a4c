import { useEffect, useState, type CSSProperties } from 'react'
import { useChatKitSessionSelector } from './ChatKitProvider.tsx'
import type { ChatKitSessionStatus } from './types.ts'

/** Default labels, one per status. */
export const defaultStatusLabels: Record<ChatKitSessionStatus, string> = {
  idle: 'Not started',
  loading: 'Connecting…',
  active: 'Active',
  refreshing: 'Refreshing…',
  expired: 'Expired',
  cancelled: 'Cancelled',
  error: 'Error',
}

const tones: Record<ChatKitSessionStatus | 'expiring', { color: string; background: string }> = {
  idle: { color: '#374151', background: '#e5e7eb' },
  loading: { color: '#1e3a8a', background: '#dbeafe' },
  active: { color: '#14532d', background: '#dcfce7' },
  refreshing: { color: '#1e3a8a', background: '#dbeafe' },
  expiring: { color: '#78350f', background: '#fef3c7' },
  expired: { color: '#7c2d12', background: '#ffedd5' },
  cancelled: { color: '#374151', background: '#e5e7eb' },
  error: { color: '#7f1d1d', background: '#fee2e2' },
}

/** Props of {@link ChatKitSessionBadge}. */
export interface ChatKitSessionBadgeProps {
  /**
   * Show the time left before the secret's deadline, ticking every second.
   * @default false
   */
  countdown?: boolean
  /**
   * With less than this many milliseconds left, an `active` session reads "Expiring soon" (its
   * refresh is late or failing).
   * @default 30 s, or the session's refresh margin when that is shorter (so a 20 s session is not
   * "expiring soon" the moment it arrives)
   */
  expiringSoonMs?: number
  /**
   * Override any of the labels.
   * @default defaultStatusLabels
   */
  labels?: Partial<Record<ChatKitSessionStatus | 'expiringSoon', string>>
  /**
   * Skip the built-in colours; style `[data-status]` yourself.
   * @default false
   */
  unstyled?: boolean
  /** Class name of the badge. */
  className?: string
  /**
   * Clock for the countdown, on Date.now's timeline.
   * @default Date.now
   */
  now?: () => number
}

function formatRemaining(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

/**
 * An accessible badge (`role="status"`) with a readable label for every session state,
 * the failure code when there is one, and an optional countdown. Reads the nearest
 * `<ChatKitProvider>`.
 */
export function ChatKitSessionBadge({
  countdown = false,
  expiringSoonMs,
  labels,
  unstyled = false,
  className,
  now = Date.now,
}: ChatKitSessionBadgeProps) {
  const status = useChatKitSessionSelector((s) => s.status)
  const expiresAt = useChatKitSessionSelector((s) => s.expiresAt)
  const refreshAt = useChatKitSessionSelector((s) => s.refreshAt)
  const errorCode = useChatKitSessionSelector((s) => (s.error ?? s.failureReason)?.code)
  const [clock, setClock] = useState<number | undefined>(undefined)
  const ticking = expiresAt !== undefined && (status === 'active' || status === 'refreshing')

  useEffect(() => {
    if (!ticking) return
    setClock(now())
    const id = setInterval(() => setClock(now()), 1000)
    return () => clearInterval(id)
  }, [ticking, now])

  const remaining = ticking && clock !== undefined ? expiresAt - clock : undefined
  const margin = expiresAt !== undefined && refreshAt !== undefined ? expiresAt - refreshAt : 0
  const threshold = expiringSoonMs ?? Math.min(30_000, margin)
  const expiringSoon = status === 'active' && remaining !== undefined && remaining <= threshold
  const label = expiringSoon
    ? (labels?.expiringSoon ?? 'Expiring soon')
    : (labels?.[status] ?? defaultStatusLabels[status])
  const tone = tones[expiringSoon ? 'expiring' : status]
  const style: CSSProperties | undefined = unstyled
    ? undefined
    : {
        display: 'inline-flex',
        gap: '0.5em',
        alignItems: 'center',
        padding: '0.2em 0.7em',
        borderRadius: '999px',
        font: '500 0.875rem/1.4 system-ui, sans-serif',
        color: tone.color,
        background: tone.background,
      }

  return (
    <span
      role="status"
      aria-live="polite"
      data-status={status}
      data-expiring-soon={expiringSoon || undefined}
      className={className}
      style={style}
    >
      <span>{label}</span>
      {errorCode !== undefined && (status === 'error' || status === 'expired' || status === 'active') && (
        <span data-error-code={errorCode}>({errorCode.replace('_', ' ')})</span>
      )}
      {countdown && remaining !== undefined && (
        <span aria-label={`expires in ${formatRemaining(remaining)}`}>{formatRemaining(remaining)}</span>
      )}
    </span>
  )
}
