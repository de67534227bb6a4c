import { describe, expect, it } from 'vitest'
import { badgeTones } from '../badgeTones.ts'

/** WCAG 2.2 relative luminance of a `#rrggbb` colour (sRGB, per the definition in the glossary). */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16) / 255)
  const [r = 0, g = 0, b = 0] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG 2.2 contrast ratio, (L1 + 0.05) / (L2 + 0.05) with L1 the lighter. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

describe('badge tones', () => {
  it('the ratio is computed as WCAG defines it', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2) // the classic just-failing grey
    expect(contrast('#ffffff', '#ffffff')).toBe(1)
  })

  it('there are eight: one per status and "expiring soon"', () => {
    expect(Object.keys(badgeTones).sort()).toEqual(
      ['active', 'cancelled', 'error', 'expired', 'expiring', 'idle', 'loading', 'refreshing'].sort(),
    )
  })

  // The badge's text is 14 px at weight 500: "normal" text for WCAG, so 4.5:1 (1.4.3, AA).
  it.each(Object.entries(badgeTones))(
    '%s keeps at least 4.5:1 between its text and its background',
    (_, tone) => {
      expect(contrast(tone.color, tone.background)).toBeGreaterThanOrEqual(4.5)
    },
  )
})
