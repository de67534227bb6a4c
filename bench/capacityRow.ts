import { fork } from 'node:child_process'
import { Agent } from 'undici'
import type { CapacitySample, CapacityServerMessage } from './capacityServer.ts'
import {
  chatKitJson,
  loadConversations,
  type ConversationResult,
  type LoadUser,
} from './loadConversations.ts'
import { replyText } from './pacedReply.ts'
import { percentile } from './table.ts'

/** A server process of the capacity bench: `kind` as in capacityServer.ts. */
export interface CapacityServerSpec {
  kind: 'bare' | 'memory' | 'pglite' | 'postgres'
  env?: Record<string, string>
}

/** How a row is run: the servers' bundle, the reply's shape, the load's shape. */
export interface CapacityRowOptions {
  /** The esbuild bundle of capacityServer.ts. */
  script: string
  servers: readonly CapacityServerSpec[]
  conversations: number
  users: readonly LoadUser[]
  deltas: number
  intervalMs: number
  messages: number
  messagePeriodMs: number
  /** Passed to each server process as --cpu-prof-dir, when set. */
  profileDir?: string
}

/** One row of the capacity table. */
export interface CapacityRow {
  conversations: number
  firstEventMs: { p50: number; p99: number }
  /** The p99 over streams of each stream's longest wait between two events. */
  gapP99Ms: number
  errors: number
  errorReasons: Record<string, number>
  eventsPerSecond: number
  /**
   * RSS growth over the idle server per open stream, garbage collected, mid-load (after the
   * ramp and half a message period), bytes.
   */
  rssPerStreamBytes: number
  /** The same for the JavaScript heap and buffers, bytes. */
  heapPerStreamBytes: number
  /** Server CPU (user + system) per 1,000 events read by the client, seconds. */
  cpuSecondsPer1000Events: number
  /** CPU of the load generator (this process) per 1,000 events, seconds: the client's share. */
  clientCpuSecondsPer1000Events: number
  /** Streams open at the mid-load sample (all servers). */
  open: number
  /** Server processes: with more than one, whether every user's threads list the same from each. */
  sameThreadsFromEach?: boolean
}

interface RunningServer {
  url: string
  /** Asks for a sample now; `gc` collects garbage first. */
  sample(gc?: boolean): Promise<CapacitySample>
  stop(): Promise<void>
}

function startServer(options: CapacityRowOptions, spec: CapacityServerSpec): Promise<RunningServer> {
  const child = fork(options.script, [], {
    env: {
      ...process.env,
      ...spec.env,
      CAPACITY_KIND: spec.kind,
      CAPACITY_DELTAS: String(options.deltas),
      CAPACITY_INTERVAL_MS: String(options.intervalMs),
    },
    execArgv: [
      '--expose-gc',
      ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const waiting: ((sample: CapacitySample) => void)[] = []
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`${spec.kind} server exited (${code}) before it was ready`)),
    )
    child.on('message', (message: CapacityServerMessage) => {
      if (message.type === 'ready')
        resolve({
          url: message.url,
          sample: (gc = false) =>
            new Promise((answer) => {
              waiting.push(answer)
              child.send({ type: 'sample', gc })
            }),
          stop: () =>
            new Promise((stopped) => {
              child.removeAllListeners('exit')
              child.once('exit', () => stopped())
              child.send({ type: 'stop' })
            }),
        })
      else waiting.shift()?.(message)
    })
  })
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Lists every thread of each user on each server: true when every server lists the same
 * threads, and among them every thread the load saw made (a conversation cut off mid-create may
 * have made one it never heard of: both servers must list that one too).
 */
async function sameThreadsFromEach(
  urls: string[],
  users: readonly LoadUser[],
  conversations: readonly ConversationResult[],
): Promise<boolean> {
  const dispatcher = new Agent({ connections: 8 })
  try {
    for (const user of users) {
      const made = conversations
        .filter((conversation) => conversation.userId === user.userId)
        .flatMap((conversation) => conversation.threadId ?? [])
      const lists = await Promise.all(
        urls.map(async (url) => {
          const { status, json } = await chatKitJson(
            url,
            user.token,
            { type: 'threads.list', params: { limit: 1000, order: 'asc' } },
            dispatcher,
          )
          return status === 200 ? (json as { data: { id: string }[] }).data.map((thread) => thread.id) : []
        }),
      )
      const [first = [], ...others] = lists
      if (others.some((list) => list.join() !== first.join())) return false
      if (made.some((id) => !first.includes(id))) return false
    }
    return true
  } finally {
    await dispatcher.close()
  }
}

/**
 * Starts the servers in processes of their own, holds `conversations` conversations against
 * them from this process, and answers the row's figures from what the client read and what
 * the servers reported of themselves.
 */
export async function runCapacityRow(options: CapacityRowOptions): Promise<CapacityRow> {
  const servers = await Promise.all(options.servers.map((spec) => startServer(options, spec)))
  try {
    await pause(500)
    const before = await Promise.all(servers.map((server) => server.sample(true)))
    const rampMs = options.messagePeriodMs
    const midLoad = new Promise<CapacitySample[]>((resolve) =>
      setTimeout(
        () => resolve(Promise.all(servers.map((server) => server.sample(true)))),
        rampMs + options.messagePeriodMs * 1.5,
      ),
    )
    const clientCpu = process.cpuUsage()
    const load = await loadConversations({
      urls: servers.map((server) => server.url),
      users: options.users,
      conversations: options.conversations,
      messages: options.messages,
      messagePeriodMs: options.messagePeriodMs,
      rampMs,
      // Bounded: a server that cannot keep up is cut off 10 s after the load should have ended.
      deadlineMs: rampMs + options.messages * options.messagePeriodMs + 10_000,
      expectReply: replyText(options.deltas),
    })
    const client = process.cpuUsage(clientCpu)
    const after = await Promise.all(servers.map((server) => server.sample()))
    const mid = await midLoad
    let open = 0
    let rssGrowth = 0
    let heapGrowth = 0
    let cpuMicros = 0
    for (const [i, start] of before.entries()) {
      const middle = mid[i]
      const end = after[i]
      if (!middle || !end) continue
      open += middle.open
      rssGrowth += middle.rss - start.rss
      heapGrowth += middle.heap - start.heap
      cpuMicros += end.cpuMicros - start.cpuMicros
    }
    const errors = Object.values(load.errors).reduce((sum, count) => sum + count, 0)
    const row: CapacityRow = {
      conversations: options.conversations,
      firstEventMs: {
        p50: percentile(
          load.streams.map((stream) => stream.firstEventMs),
          0.5,
        ),
        p99: percentile(
          load.streams.map((stream) => stream.firstEventMs),
          0.99,
        ),
      },
      gapP99Ms: percentile(
        load.streams.map((stream) => stream.maxGapMs),
        0.99,
      ),
      errors,
      errorReasons: load.errors,
      eventsPerSecond: load.events / (load.durationMs / 1000),
      rssPerStreamBytes: open > 0 ? rssGrowth / open : Number.NaN,
      heapPerStreamBytes: open > 0 ? heapGrowth / open : Number.NaN,
      cpuSecondsPer1000Events: cpuMicros / 1e6 / (load.events / 1000),
      clientCpuSecondsPer1000Events: (client.user + client.system) / 1e6 / (load.events / 1000),
      open,
    }
    if (servers.length > 1)
      row.sameThreadsFromEach = await sameThreadsFromEach(
        servers.map((server) => server.url),
        options.users,
        load.conversations,
      )
    return row
  } finally {
    await Promise.all(servers.map((server) => server.stop()))
  }
}
