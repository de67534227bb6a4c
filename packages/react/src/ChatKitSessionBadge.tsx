import { useEffect, useState, type CSSProperties } from 'react'
import type { ChatKitSessionErrorCode } from '@chatkit-session/core'
import { badgeTones } from './badgeTones.ts'
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

/** Everything the badge says in words: the status labels, "Expiring soon", and the countdown's name. */
export type ChatKitSessionBadgeLabels = Record<ChatKitSessionStatus | 'expiringSoon' | 'timeLeft', string>

/** Default of every label, {@link defaultStatusLabels} included. */
export const defaultBadgeLabels: ChatKitSessionBadgeLabels = {
  ...defaultStatusLabels,
  expiringSoon: 'Expiring soon',
  timeLeft: 'Time left',
}

/** Props of {@link ChatKitSessionBadge}. */
export interface ChatKitSessionBadgeProps {
  /**
   * Show the time left before the secret's deadline, ticking every second, in a `role="timer"`
   * beside the status (a timer is not read out as it ticks).
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
   * Override any of the labels: the status names, `expiringSoon`, and `timeLeft` (read before
   * the countdown, not shown).
   * @default defaultBadgeLabels
   */
  labels?: Partial<ChatKitSessionBadgeLabels>
  /**
   * The countdown's text for the milliseconds left.
   * @default `m:ss` (`9:05`)
   */
  formatRemaining?: (ms: number) => string
  /**
   * The text shown for the last failure's code, beside the status.
   * @default the code in parentheses, underscores as spaces (`(rate limited)`)
   */
  formatErrorCode?: (code: ChatKitSessionErrorCode) => string
  /**
   * Skip the built-in colours; style `[data-status]` yourself.
   * @default false
   */
  unstyled?: boolean
  /**
   * Class name of the badge.
   * @default undefined
   */
  className?: string
  /**
   * Clock for the countdown, on Date.now's timeline.
   * @default Date.now
   */
  now?: () => number
}

function minutesAndSeconds(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

const codeInParentheses = (code: ChatKitSessionErrorCode) => `(${code.replaceAll('_', ' ')})`

// Read by screen readers, not shown: the timer's name.
const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  margin: '-1px',
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
}

/**
 * A badge with a readable label for every session state, the failure code when there is one,
 * and an optional countdown. Only the label is a live region (`role="status"`): it is announced
 * once per change, while the code and the countdown beside it are not. Reads the nearest
 * `<ChatKitProvider>`.
 */
export function ChatKitSessionBadge({
  countdown = false,
  expiringSoonMs,
  labels,
  formatRemaining = minutesAndSeconds,
  formatErrorCode = codeInParentheses,
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

  const text = { ...defaultBadgeLabels, ...labels }
  const remaining = ticking && clock !== undefined ? expiresAt - clock : undefined
  const margin = expiresAt !== undefined && refreshAt !== undefined ? expiresAt - refreshAt : 0
  const threshold = expiringSoonMs ?? Math.min(30_000, margin)
  const expiringSoon = status === 'active' && remaining !== undefined && remaining <= threshold
  const tone = badgeTones[expiringSoon ? 'expiring' : status]
  const style: CSSProperties | undefined = unstyled
    ? undefined
    : {
        display: 'inline-flex',
        gap: '0.5em',
        alignItems: 'center',
        padding: '0.2em 0.7em',
        // Forced colours (Windows high contrast) drop the background: the border keeps the pill.
        border: '1px solid transparent',
        borderRadius: '999px',
        font: '500 0.875rem/1.4 system-ui, sans-serif',
        color: tone.color,
        background: tone.background,
      }

  return (
    <span
      data-status={status}
      data-expiring-soon={expiringSoon || undefined}
      className={className}
      style={style}
    >
      <span role="status" aria-live="polite" aria-atomic="true">
        {expiringSoon ? text.expiringSoon : text[status]}
      </span>
      {errorCode !== undefined && (status === 'error' || status === 'expired' || status === 'active') && (
        <span data-error-code={errorCode}>{formatErrorCode(errorCode)}</span>
      )}
      {countdown && remaining !== undefined && (
        <span role="timer">
          <span style={visuallyHidden}>{text.timeLeft} </span>
          {formatRemaining(remaining)}
        </span>
      )}
    </span>
  )
}
