const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/

function ipv4(text: string): string | undefined {
  const match = IPV4.exec(text)
  if (match === null) return undefined
  const parts = match.slice(1).map(Number)
  return parts.every((part) => part <= 255) ? parts.join('.') : undefined
}

/** The eight 16-bit groups of an IPv6 address (an IPv4 tail counts as two), or `undefined`. */
function ipv6Groups(text: string): number[] | undefined {
  let rest = text
  const lastColon = rest.lastIndexOf(':')
  const dotted = ipv4(rest.slice(lastColon + 1))
  if (dotted !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number)
    rest = `${rest.slice(0, lastColon + 1)}${(a * 256 + b).toString(16)}:${(c * 256 + d).toString(16)}`
  }
  const halves = rest.split('::')
  if (halves.length > 2) return undefined
  const read = (part: string | undefined) =>
    part === undefined || part === ''
      ? []
      : part
          .split(':')
          .map((group) => (/^[0-9a-f]{1,4}$/i.test(group) ? Number.parseInt(group, 16) : Number.NaN))
  const head = read(halves[0])
  const body = halves.length === 2 ? read(halves[1]) : []
  const known = head.length + body.length
  if (halves.length === 1 ? known !== 8 : known > 7) return undefined
  const groups = [...head, ...Array<number>(8 - known).fill(0), ...body]
  return groups.some(Number.isNaN) ? undefined : groups
}

/**
 * The client key of an IP address as a proxy header gives it, or `undefined` when it is not one:
 * IPv4 as dotted decimal; an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) as that IPv4 address;
 * any other IPv6 address as its /64 network (`2001:db8:0:1::/64`), since one host usually holds a
 * whole /64 and would otherwise get 2^64 buckets. A port (`192.0.2.1:4711`, `[2001:db8::1]:443`)
 * and a zone (`%eth0`) are dropped.
 */
export function normalizeClientIp(value: string): string | undefined {
  let text = value.trim()
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text)
  if (bracketed?.[1] !== undefined) text = bracketed[1]
  else if (/^[\d.]+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'))
  text = text.split('%')[0] ?? ''
  const v4 = ipv4(text)
  if (v4 !== undefined) return v4
  if (!text.includes(':')) return undefined
  const groups = ipv6Groups(text)
  if (groups === undefined) return undefined
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) {
    return [g6 >> 8, g6 & 255, g7 >> 8, g7 & 255].join('.')
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`
}
