// One Node process of the cross-process limits tests (bundled by limitsProcesses.ts): it issues
// CALLS tokens at once for USER through the token action with a Redis store, and prints
// { allowed, refused, retryAfterMs } as JSON. SKEW_MS moves this process's clock.
import IORedis from 'ioredis'
import { createClient } from 'redis'
import { createChatKitTokenAction } from '../createChatKitTokenAction.ts'
import { createRedisLimitStore } from '../createRedisLimitStore.ts'

const env = (name: string) => process.env[name] ?? ''
const skew = Number(env('SKEW_MS') || '0')
const realNow = Date.now.bind(Date)
Date.now = () => realNow() + skew

const useIoredis = env('CLIENT') === 'ioredis'
const nodeRedis = useIoredis ? undefined : await createClient({ url: env('REDIS_URL') }).connect()
const ioredis = useIoredis ? new IORedis(env('REDIS_URL')) : undefined
const client = nodeRedis ?? ioredis
if (client === undefined) throw new Error('no client')

const mint = createChatKitTokenAction({
  secret: 'a-cross-process-token-secret-of-32-bytes!',
  audience: 'https://chatkit.example',
  getUser: () => env('USER_ID'),
  limits: {
    secret: 'a-cross-process-limits-key-of-32-bytes!!',
    user: [{ limit: Number(env('LIMIT')), window: Number(env('WINDOW_MS')) }],
    store: createRedisLimitStore({ client, timeoutMs: 5_000, onFailure: 'deny' }),
  },
})
// Every call starts before any answer arrives: the 500 race each other and the other processes.
const results = await Promise.all(Array.from({ length: Number(env('CALLS')) }, () => mint()))
const refusals = results.flatMap((result) => (result.ok ? [] : [result.error]))
console.log(
  JSON.stringify({
    allowed: results.length - refusals.length,
    refused: refusals.length,
    codes: [...new Set(refusals.map((error) => error.code))],
    retryAfterMs: Math.min(...refusals.map((error) => error.retryAfterMs ?? Number.POSITIVE_INFINITY)),
  }),
)
await nodeRedis?.quit()
ioredis?.disconnect()
