import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type ComponentPropsWithoutRef,
  type FocusEvent,
  type ReactNode,
} from 'react'
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
  /**
   * Render the content inside a `<div>` of the gate's own (`true`, or the div's props), so the
   * gate has somewhere to keep focus and state: the div carries `aria-busy="true"` while the
   * first secret is on its way or a retry runs, and when the focused element inside it goes
   * away with the content it belonged to (the error fallback's Retry button, once the retry
   * succeeds), focus moves to the div (`tabIndex={-1}`) instead of falling to `<body>`.
   * @default false (fragments: no element of its own, so focus inside is lost with its content)
   */
  wrapper?: boolean | Omit<ComponentPropsWithoutRef<'div'>, 'children'>
}

/**
 * Renders children only while a client secret is available, a fallback otherwise, and an
 * error fallback with a retry when the session stopped on an error. With `wrapper`, focus stays
 * on the gate when the content it was on is replaced. Reads the nearest `<ChatKitProvider>`.
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
  wrapper = false,
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

  const [retrying, setRetrying] = useState(false)
  const retry = useCallback(async () => {
    setRetrying(true)
    try {
      await refresh()
    } finally {
      setRetrying(false)
    }
  }, [refresh])

  let view: 'widget' | 'error' | 'children' | 'fallback'
  let content: ReactNode
  if (widget.error !== null) {
    const reload = async () => window.location.reload()
    view = 'widget'
    content = errorFallback ? errorFallback({ error: widget.error, retry: reload }) : fallback
  } else if (status === 'error' && error !== null) {
    view = 'error'
    content = errorFallback ? errorFallback({ error, retry }) : fallback
  } else {
    const open = live || (status === 'expired' && keepMountedOnExpiry && shown)
    view = open ? 'children' : 'fallback'
    content = open ? children : fallback
  }

  const box = useRef<HTMLDivElement>(null)
  // The element inside the box that last had focus, while it has it.
  const focused = useRef<Element | null>(null)
  // An effect, not a layout effect: React 18 warns about those when rendering on the server.
  useEffect(() => {
    const lost = focused.current
    // The focused element went away with the content it belonged to: the browser put focus on
    // <body>. The box is where the new content starts.
    if (lost === null || lost.isConnected) return
    focused.current = null
    if (document.activeElement === null || document.activeElement === document.body) box.current?.focus()
  }, [view])

  if (wrapper === false) return <>{content}</>
  const props = wrapper === true ? {} : wrapper
  return (
    <div
      tabIndex={-1}
      {...props}
      ref={box}
      aria-busy={status === 'loading' || retrying || undefined}
      onFocus={(event: FocusEvent<HTMLDivElement>) => {
        focused.current = event.target
        props.onFocus?.(event)
      }}
      onBlur={(event: FocusEvent<HTMLDivElement>) => {
        // Focus moved elsewhere on purpose (a removed element blurs with no next target).
        if (event.relatedTarget !== null && !event.currentTarget.contains(event.relatedTarget)) {
          focused.current = null
        }
        props.onBlur?.(event)
      }}
    >
      {content}
    </div>
  )
}
