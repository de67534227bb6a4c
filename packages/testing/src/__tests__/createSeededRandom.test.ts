import { describe, expect, it } from 'vitest'
import { createSeededRandom } from '../createSeededRandom.ts'

describe('createSeededRandom', () => {
  it('repeats its sequence for a seed, differs across seeds, and stays in [0, 1)', () => {
    const a = Array.from({ length: 1_000 }, createSeededRandom(7))
    const b = Array.from({ length: 1_000 }, createSeededRandom(7))
    const c = Array.from({ length: 1_000 }, createSeededRandom(8))
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true)
    expect(new Set(a).size).toBe(1_000)
  })
})
