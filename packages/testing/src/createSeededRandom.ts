/**
 * A small seeded PRNG (mulberry32) returning numbers in [0, 1): the same seed gives the same
 * sequence, so a soak test or a benchmark that draws latencies and failures from it repeats
 * exactly. Pass it as the `random` option of the fake action and of the hook.
 *
 * @example
 * const random = createSeededRandom(42)
 * const action = createFakeSessionAction({ failRate: 0.1, random, latencyMs: () => random() * 5_000 })
 */
export function createSeededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
