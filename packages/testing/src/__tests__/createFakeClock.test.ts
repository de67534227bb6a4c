import { describe, expect, it } from 'vitest'
import { createFakeClock } from '../createFakeClock.ts'

describe('createFakeClock', () => {
  it('moves only when told to', () => {
    const clock = createFakeClock(1_000)
    expect(clock.now()).toBe(1_000)
    expect(clock.advance(500)).toBe(1_500)
    expect(clock.now()).toBe(1_500)
    expect(clock.set(42)).toBe(42)
    expect(clock.advance(-2)).toBe(40)
    expect(createFakeClock().now()).toBe(0)
  })
})
