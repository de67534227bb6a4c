/**
 * Resolves after `ms` milliseconds through `setTimeout`, so Vitest's fake timers control it.
 * Resolves at once, without a timer, for 0 or less. Rejects with the signal's reason when it
 * aborts first, as `fetch` does.
 */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason)
  if (!(ms > 0)) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
