/** The longest delay `setTimeout` holds: beyond it (Infinity included), a timer fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * `setTimeout(callback, ms)` that returns its own clear; no timer at all when `ms` is beyond
 * what a timer can hold (an `Infinity` option means "never", not "now").
 */
export function startTimer(callback: () => void, ms: number): () => void {
  if (!(ms <= MAX_TIMER_MS)) return () => {}
  const timer = setTimeout(callback, ms)
  return () => clearTimeout(timer)
}
