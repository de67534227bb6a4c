import { useState, type ReactNode } from 'react'
import type { ChatKitSessionError } from '@chatkit-session/core'
import { useChatKitSessionSelector } from './ChatKitProvider.tsx'
import { useChatKitWidgetStatus } from './useChatKitWidgetStatus.ts'

/** Props of {@link ChatKitSessionGate}. */
export interface ChatKitSessionGateProps {
  /** Rendered while a secret is available. */
  children?: ReactNode
  /**
   * Rendered while there is no secret yet (idle, loading), after `cancel()`, and while
   * expired when `keepMountedOnExpiry` is false.
   * @default null
   */
  fallback?: ReactNode
  /**
   * Rendered in the `error` state, with the error and a `retry` that calls `refresh()`.
   * @default the fallback
   */
  errorFallback?: (props: { error: ChatKitSessionError; retry: () => Promise<void> }) => ReactNode
  /**
   * Keep children mounted while the session is `expired` after they were shown: a new secret
   * is on its way and `getClientSecret` waits for it, so ChatKit keeps its thread on screen.
   * @default true
   */
  keepMountedOnExpiry?: boolean
  /**
   * Also watch for ChatKit's web component (`useChatKitWidgetStatus`): when it is not defined
   * within this many milliseconds, render `errorFallback` with a `widget_unavailable` error
   * (its `retry` reloads the page). Leave it out where the real widget is not rendered.
   * @default undefined (not watched)
   */
  widgetTimeoutMs?: number
}

/**
 * Renders children only while a client secret is available, a fallback otherwise, and an
 * error fallback with a retry when the session stopped on an error. Reads the nearest
 * `<ChatKitProvider>`.
 *
 * @example
 * <ChatKitSessionGate fallback={<Spinner />} errorFallback={({ error, retry }) => <Retry onClick={retry} />}>
 *   <ChatKit control={control} />
 * </ChatKitSessionGate>
 */
export function ChatKitSessionGate({
  children,
  fallback = null,
  errorFallback,
  keepMountedOnExpiry = true,
  widgetTimeoutMs,
}: ChatKitSessionGateProps) {
  const status = useChatKitSessionSelector((s) => s.status)
  const error = useChatKitSessionSelector((s) => s.error)
  const refresh = useChatKitSessionSelector((s) => s.refresh)
  // Whether children were shown since the last time the session was lost for good.
  const [shown, setShown] = useState(false)
  const live = status === 'active' || status === 'refreshing'
  if (live !== shown && (live || status !== 'expired')) setShown(live)

  const widget = useChatKitWidgetStatus({
    timeoutMs: widgetTimeoutMs,
    enabled: widgetTimeoutMs !== undefined,
  })

  if (widget.error !== null) {
    const reload = async () => window.location.reload()
    return <>{errorFallback ? errorFallback({ error: widget.error, retry: reload }) : fallback}</>
  }
  if (status === 'error' && error !== null) {
    return <>{errorFallback ? errorFallback({ error, retry: refresh }) : fallback}</>
  }
  const open = live || (status === 'expired' && keepMountedOnExpiry && shown)
  return <>{open ? children : fallback}</>
}
