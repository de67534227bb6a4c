import { gcraStep } from './gcraStep.ts'
import type { LimitCheck, LimitDecision, LimitStore } from './limitStore.ts'

/** Options of {@link createMemoryLimitStore}. */
export interface MemoryLimitStoreOptions {
  /**
   * Most keys held. When full, the key spent least recently is forgotten: a flood of new keys
   * (random visitor ids) cannot grow the process without bound, only make it forget old counts.
   * @default 10000
   */
  maxKeys?: number
  /**
   * The clock, in milliseconds.
   * @default Date.now
   */
  now?: () => number
}

/** The in-memory store's answer, with `size()` for tests and metrics. */
export interface MemoryLimitStore extends LimitStore {
  /** How many keys are held now. */
  size: () => number
}

/**
 * A {@link LimitStore} in this process's memory: right for one process, wrong as soon as a second
 * instance (or a serverless cold start) exists, since each counts alone. Use
 * `createRedisLimitStore` for many instances.
 */
export function createMemoryLimitStore(options: MemoryLimitStoreOptions = {}): MemoryLimitStore {
  const { maxKeys = 10_000, now = Date.now } = options
  if (!Number.isInteger(maxKeys) || maxKeys < 1)
    throw new TypeError('maxKeys: must be a whole number, at least 1')
  // A Map keeps insertion order: re-inserting on each write makes the first entry the oldest.
  const states = new Map<string, number>()

  const store = (key: string, tat: number) => {
    states.delete(key)
    if (states.size >= maxKeys) {
      const oldest = states.keys().next()
      if (oldest.done !== true) states.delete(oldest.value)
    }
    states.set(key, tat)
  }

  const hit = (checks: readonly LimitCheck[]): Promise<LimitDecision> => {
    const at = now()
    const next: [string, number][] = []
    for (const check of checks) {
      const step = gcraStep(states.get(check.key), at, check)
      if (!step.allowed)
        return Promise.resolve({
          allowed: false,
          refusedBy: check.tier,
          retryAfterMs: step.retryAfterMs,
        })
      next.push([check.key, step.next])
    }
    for (const [key, tat] of next) store(key, tat)
    return Promise.resolve({ allowed: true })
  }
  return { hit, size: () => states.size }
}
