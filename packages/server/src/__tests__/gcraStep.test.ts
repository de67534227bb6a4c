import { describe, expect, it } from 'vitest'
import { gcraStep } from '../gcraStep.ts'

/** Runs `calls` calls at `now`, storing each allowed call's state as a store would. */
function burst(rule: { limit: number; windowMs: number }, calls: number, now: number, start?: number) {
  let tat = start
  let allowed = 0
  let last: ReturnType<typeof gcraStep> | undefined
  for (let i = 0; i < calls; i += 1) {
    last = gcraStep(tat, now, rule)
    if (last.allowed) {
      allowed += 1
      tat = last.next
    }
  }
  return { allowed, tat, last }
}

describe('gcraStep', () => {
  it('lets a burst of exactly `limit` through, then says when one more fits', () => {
    const { allowed, last } = burst({ limit: 100, windowMs: 60_000 }, 500, 1_000)
    expect(allowed).toBe(100)
    expect(last).toEqual({ allowed: false, retryAfterMs: 600 })
  })

  it('refills one call per window / limit, and a refusal stores nothing', () => {
    const rule = { limit: 10, windowMs: 10_000 }
    const { tat } = burst(rule, 10, 0)
    expect(gcraStep(tat, 999, rule)).toEqual({ allowed: false, retryAfterMs: 1 })
    expect(gcraStep(tat, 1_000, rule).allowed).toBe(true)
    expect(burst(rule, 5, 1_000, tat).allowed).toBe(1)
  })

  it('forgets an old state: after a quiet window the full burst fits again', () => {
    const rule = { limit: 3, windowMs: 3_000 }
    const { tat } = burst(rule, 3, 0)
    expect(burst(rule, 10, 3_000, tat).allowed).toBe(3)
  })
})
