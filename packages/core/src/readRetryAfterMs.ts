/**
 * How long a server asked to wait before trying again, in milliseconds: `retry-after-ms` (as the
 * OpenAI API sends), else `retry-after` in seconds or as an HTTP date (`now` is the local clock
 * it is compared with); `undefined` when there is none or it does not parse. One reader for the
 * server actions (the API's answer) and the browser's fetchers (an endpoint's answer).
 */
export function readRetryAfterMs(headers: Pick<Headers, 'get'> | undefined, now: number): number | undefined {
  const milliseconds = Number.parseFloat(headers?.get('retry-after-ms') ?? '')
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds
  const retryAfter = headers?.get('retry-after')?.trim()
  if (!retryAfter) return undefined
  const seconds = Number(retryAfter)
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined
  const date = Date.parse(retryAfter)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
