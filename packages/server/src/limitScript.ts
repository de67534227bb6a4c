/**
 * The Redis store's one script: every rule of one call, checked and spent atomically in one
 * round trip, on Redis's clock (`TIME`), with the arithmetic of `gcraStep`. KEYS are the
 * rules' keys, most specific tier first; ARGV holds `limit, windowMs` per key. It answers
 * `{0, 0}` when every rule allowed the call (each then spent one), else `{i, retryAfterMs}` for
 * the first rule `i` (1-based) that refused, having written nothing. Each key expires when its
 * state no longer matters, so idle keys leave Redis on their own.
 */
export const LIMIT_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local nexts = {}
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 * i - 1])
  local window = tonumber(ARGV[2 * i])
  local tat = tonumber(redis.call('GET', KEYS[i]) or now) or now
  if tat < now then tat = now end
  local next = tat + window / limit
  local allowAt = next - window
  if allowAt > now then
    return {i, math.ceil(allowAt - now)}
  end
  nexts[i] = next
end
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], string.format('%.3f', nexts[i]), 'PX', math.max(1, math.ceil(nexts[i] - now)))
end
return {0, 0}
`
