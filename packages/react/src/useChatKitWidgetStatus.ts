import { ChatKitSessionError } from '@chatkit-session/core'
import { useEffect, useMemo, useState } from 'react'

/** The custom element ChatKit's script defines; `<ChatKit>` renders it and waits for it. */
export const CHATKIT_ELEMENT = 'openai-chatkit'

/**
 * How long to wait for ChatKit's script to define its element before reporting it unavailable,
 * in milliseconds: the script comes from OpenAI's CDN and defines the element as soon as it
 * runs, which takes a few seconds at most even on a slow connection; a missing tag, a blocked
 * CDN or a CSP refusal never ends, and 10 s names it before a person gives up on a blank chat.
 */
export const DEFAULT_WIDGET_TIMEOUT_MS = 10_000

/** Options of {@link useChatKitWidgetStatus}. */
export interface UseChatKitWidgetStatusOptions {
  /**
   * How long to wait for the element before the status is `unavailable`, in milliseconds.
   * @default 10000
   */
  timeoutMs?: number
  /**
   * Set to false not to watch (for example while the real widget is not rendered): the status
   * stays `pending`.
   * @default true
   */
  enabled?: boolean
}

/** What {@link useChatKitWidgetStatus} reports. */
export type ChatKitWidgetStatus =
  | {
      /** `pending`: not defined yet (and always during server rendering); `ready`: defined. */
      status: 'pending' | 'ready'
      error: null
    }
  | {
      /** Not defined within `timeoutMs`: ChatKit will stay blank. Turns `ready` if it comes later. */
      status: 'unavailable'
      /** A `widget_unavailable` error whose message says what to check. */
      error: ChatKitSessionError
    }

function widgetUnavailable(timeoutMs: number): ChatKitSessionError {
  return new ChatKitSessionError(
    'widget_unavailable',
    `<${CHATKIT_ELEMENT}> was not defined within ${timeoutMs} ms: ChatKit's script did not load. Check the ` +
      '<script src="https://cdn.platform.openai.com/deployments/chatkit/chatkit.js"> tag, and a CSP allowing ' +
      'https://cdn.platform.openai.com in script-src and frame-src, and https://api.openai.com (or your ' +
      'ChatKit server) in connect-src.',
    { retryable: false },
  )
}

/**
 * Whether ChatKit's web component (`<openai-chatkit>`) got defined, that is whether its script
 * loaded. `<ChatKit>` waits for the element forever and never asks for a secret without it, so
 * a missing script tag, a blocked CDN or a Content-Security-Policy refusal otherwise shows as a
 * blank chat with no error. SSR-safe (`pending` on the server); one check and no timer when the
 * element is already defined.
 *
 * @example
 * const widget = useChatKitWidgetStatus()
 * if (widget.status === 'unavailable') return <p role="alert">{widget.error.message}</p>
 */
export function useChatKitWidgetStatus(options: UseChatKitWidgetStatusOptions = {}): ChatKitWidgetStatus {
  const { timeoutMs = DEFAULT_WIDGET_TIMEOUT_MS, enabled = true } = options
  const [status, setStatus] = useState<ChatKitWidgetStatus['status']>('pending')

  useEffect(() => {
    if (!enabled || typeof customElements === 'undefined') return
    if (customElements.get(CHATKIT_ELEMENT) !== undefined) {
      setStatus('ready')
      return
    }
    let watching = true
    const timer = setTimeout(() => setStatus('unavailable'), timeoutMs)
    void customElements.whenDefined(CHATKIT_ELEMENT).then(() => {
      if (!watching) return
      clearTimeout(timer)
      setStatus('ready')
    })
    return () => {
      watching = false
      clearTimeout(timer)
    }
  }, [enabled, timeoutMs])

  return useMemo(
    () =>
      status === 'unavailable' ? { status, error: widgetUnavailable(timeoutMs) } : { status, error: null },
    [status, timeoutMs],
  )
}
