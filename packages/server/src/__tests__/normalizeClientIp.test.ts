import { describe, expect, it } from 'vitest'
import { normalizeClientIp } from '../normalizeClientIp.ts'

describe('normalizeClientIp', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['203.0.113.7:4711', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::ffff:cb00:7107', '203.0.113.7'],
    ['[::ffff:203.0.113.7]:443', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::ffff', '2001:db8:1:2::/64'],
    ['[2001:db8:1:2::1]:8080', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('reads %s as %s', (input, expected) => {
    expect(normalizeClientIp(input)).toBe(expected)
  })

  it('puts two hosts of one /64 in one bucket and the next /64 in another', () => {
    expect(normalizeClientIp('2001:db8:0:1::a')).toBe(normalizeClientIp('2001:db8:0:1:ffff::b'))
    expect(normalizeClientIp('2001:db8:0:1::a')).not.toBe(normalizeClientIp('2001:db8:0:2::a'))
  })

  it.each(['', 'unknown', '256.1.1.1', '1.2.3', '1:2:3:4:5:6:7:8:9', '1::2::3', 'g::1', '2001:db8::1::'])(
    'refuses %j rather than guess',
    (input) => {
      expect(normalizeClientIp(input)).toBeUndefined()
    },
  )
})
