import { createMemoryLimitStore, type MemoryLimitStoreOptions } from './createMemoryLimitStore.ts'
import type { LimitCheck, LimitDecision, LimitStore } from './limitStore.ts'
import { LIMIT_SCRIPT } from './limitScript.ts'

/** The part of a node-redis (`redis` 5+) client the store uses. */
export interface NodeRedisScriptClient {
  evalSha: (sha1: string, options: { keys: string[]; arguments: string[] }) => Promise<unknown>
  eval: (script: string, options: { keys: string[]; arguments: string[] }) => Promise<unknown>
}

/** The part of an `ioredis` client the store uses. */
export interface IORedisScriptClient {
  evalsha: (sha1: string, numKeys: number, ...keysAndArgs: string[]) => Promise<unknown>
  eval: (script: string, numKeys: number, ...keysAndArgs: string[]) => Promise<unknown>
}

/**
 * What the store does while Redis fails (down, refusing, or slower than `timeoutMs`):
 * `'memory'` counts in this process until Redis answers again, `'deny'` refuses every call
 * (`rate_limited`), `'allow'` lets every call through unlimited.
 */
export type LimitStoreFailureMode = 'memory' | 'deny' | 'allow'

/** Options of {@link createRedisLimitStore}. */
export interface RedisLimitStoreOptions {
  /** A connected node-redis (`createClient()`, 5+) or ioredis (`new Redis()`) client. */
  client: NodeRedisScriptClient | IORedisScriptClient
  /**
   * The start of every key, inside a Redis Cluster hash tag (`{chatkit-limits}:...`), so that
   * the keys of one call (and of every call: the global tier is one key) live in one slot and
   * one script can touch them all.
   * @default 'chatkit-limits'
   */
  prefix?: string
  /**
   * Longest wait for Redis, in milliseconds; a slower answer counts as a failure.
   * @default 200
   */
  timeoutMs?: number
  /**
   * What happens while Redis fails (see {@link LimitStoreFailureMode}). `'memory'` keeps every
   * instance limited on its own (at worst the limits times the number of instances) and keeps
   * chat up; `'deny'` turns a Redis outage into a chat outage; `'allow'` turns it into unlimited
   * spending.
   * @default 'memory'
   */
  onFailure?: LimitStoreFailureMode
  /**
   * How long a `'deny'` refusal asks the browser to wait, in milliseconds.
   * @default 10000
   */
  denyRetryAfterMs?: number
  /**
   * Called with each failure, for server logs. The error is Redis's or the client's, or a
   * `timeout` `Error`; it holds no key of ours in clear (keys are hashed).
   * @default undefined
   */
  onStoreError?: (error: unknown) => void
  /**
   * Options of the in-memory fallback store (`onFailure: 'memory'`).
   * @default {}
   */
  fallback?: MemoryLimitStoreOptions
}

const isNodeRedis = (client: RedisLimitStoreOptions['client']): client is NodeRedisScriptClient =>
  typeof (client as Partial<NodeRedisScriptClient>).evalSha === 'function'

async function sha1Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-1', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

function readReply(reply: unknown, checks: readonly LimitCheck[]): LimitDecision {
  if (Array.isArray(reply) && reply.length === 2) {
    const [index, retryAfterMs] = reply.map(Number)
    if (index === 0) return { allowed: true }
    const check = index === undefined ? undefined : checks[index - 1]
    if (check !== undefined && retryAfterMs !== undefined && Number.isFinite(retryAfterMs)) {
      return { allowed: false, refusedBy: check.tier, retryAfterMs }
    }
  }
  throw new Error('The limit script answered something unexpected.')
}

/**
 * A {@link LimitStore} in Redis, shared by every instance: one Lua script checks and spends all
 * tiers of a call atomically in one round trip, on Redis's clock (`TIME`, so an instance's
 * skewed clock changes nothing), with hash-tagged keys for Redis Cluster. It takes a node-redis
 * (5+) or ioredis client, which the app creates, connects and closes. Give node-redis an `error`
 * listener: without one, Node treats a lost connection as an uncaught error.
 *
 * @example
 * const client = await createClient({ url: process.env.REDIS_URL }).on('error', log).connect()
 * const store = createRedisLimitStore({ client })
 */
export function createRedisLimitStore(options: RedisLimitStoreOptions): LimitStore {
  const { client, prefix = 'chatkit-limits', timeoutMs = 200, onFailure = 'memory' } = options
  const { denyRetryAfterMs = 10_000, onStoreError } = options
  if (typeof client !== 'object' || client === null || typeof client.eval !== 'function') {
    throw new TypeError('client: must be a node-redis (5+) or ioredis client')
  }
  if (!['memory', 'deny', 'allow'].includes(onFailure)) {
    throw new TypeError("onFailure: must be 'memory', 'deny' or 'allow'")
  }
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new TypeError('timeoutMs: must be a positive number')
  if (prefix.includes('{') || prefix.includes('}')) throw new TypeError('prefix: may not contain { or }')
  const fallback = onFailure === 'memory' ? createMemoryLimitStore(options.fallback) : undefined
  const sha = sha1Hex(LIMIT_SCRIPT)

  const run = async (keys: string[], args: string[]): Promise<unknown> => {
    const hash = await sha
    try {
      return isNodeRedis(client)
        ? await client.evalSha(hash, { keys, arguments: args })
        : await client.evalsha(hash, keys.length, ...keys, ...args)
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error
      // First call on this server (or after SCRIPT FLUSH / a restart): EVAL also caches it.
      return isNodeRedis(client)
        ? await client.eval(LIMIT_SCRIPT, { keys, arguments: args })
        : await client.eval(LIMIT_SCRIPT, keys.length, ...keys, ...args)
    }
  }

  const hit = async (checks: readonly LimitCheck[]): Promise<LimitDecision> => {
    if (checks.length === 0) return { allowed: true }
    const keys = checks.map((check) => `{${prefix}}:${check.key}`)
    const args = checks.flatMap((check) => [String(check.limit), String(check.windowMs)])
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms.`)), timeoutMs)
      })
      return readReply(await Promise.race([run(keys, args), timeout]), checks)
    } catch (error) {
      onStoreError?.(error)
      if (fallback !== undefined) return fallback.hit(checks)
      return onFailure === 'allow'
        ? { allowed: true }
        : { allowed: false, refusedBy: 'store', retryAfterMs: denyRetryAfterMs }
    } finally {
      clearTimeout(timer)
    }
  }
  return { hit }
}
