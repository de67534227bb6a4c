import pg from 'pg'
import { Agent } from 'undici'
import { afterAll, beforeAll, expect, inject, it } from 'vitest'
import { chatKitJson, loadConversations, type LoadUser } from '../../../../bench/loadConversations.ts'
import { replyText } from '../../../../bench/pacedReply.ts'
import { serveChatKit, type ServedChatKit } from '../../../../bench/serveChatKit.ts'
import { createPostgresStore } from '../createPostgresStore.ts'
import { mintToken } from './handlerSetup.ts'

// The capacity bench's load, small (50 conversations, 5 users), as a correctness test: two
// ChatKit servers over real HTTP on 127.0.0.1, each with its own pg Pool on one PostgreSQL
// database, each taking half of the conversations. No timings are asserted.

const DELTAS = 8
const CONVERSATIONS = 50
const MESSAGES = 2
const url = inject('databaseUrl')
const schema = `capacity_load_${process.pid}`
const pools = [0, 1].map(() => new pg.Pool({ connectionString: url, max: 4 }))
const dispatcher = new Agent({ connections: 64 })
let servers: ServedChatKit[] = []
let users: LoadUser[] = []

beforeAll(async () => {
  const stores = pools.map((db) => createPostgresStore({ db, schema }))
  for (const store of stores) await store.migrate()
  servers = await Promise.all(stores.map((store) => serveChatKit(store, { deltas: DELTAS, intervalMs: 1 })))
  users = await Promise.all(
    ['ada', 'bo', 'cy', 'di', 'ed'].map(async (userId) => ({ userId, token: await mintToken(userId) })),
  )
})

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()))
  await dispatcher.close()
  await pools[0]?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await Promise.all(pools.map((pool) => pool.end()))
})

type Page<T> = { data: T[]; has_more: boolean }
type WireItem = { id: string; type: string; content: { text: string }[] }

it('50 conversations on two servers: every stream ends whole, every reply is stored, no user sees another', async () => {
  const expectReply = replyText(DELTAS)
  const load = await loadConversations({
    urls: servers.map((server) => server.url),
    users,
    conversations: CONVERSATIONS,
    messages: MESSAGES,
    messagePeriodMs: 20,
    deadlineMs: 25_000,
    expectReply,
    dispatcher,
  })
  expect(load.errors).toEqual({})
  expect(load.streams).toHaveLength(CONVERSATIONS * MESSAGES)
  for (const conversation of load.conversations) {
    expect(conversation.threadId).toMatch(/^thr_/)
    expect(conversation.replies).toEqual(Array(MESSAGES).fill(expectReply))
  }
  // Both servers take conversations of every user.
  for (const { userId } of users) {
    const mine = load.conversations.filter((c) => c.userId === userId)
    expect(new Set(mine.map((c) => c.url)).size).toBe(2)
  }

  const [one, two] = servers.map((server) => server.url)
  if (!one || !two) throw new Error('servers did not start')
  for (const user of users) {
    const threads = load.conversations.filter((c) => c.userId === user.userId).map((c) => c.threadId)
    // Each user's threads, and only them, from either server.
    for (const server of [one, two]) {
      const listed = await chatKitJson(
        server,
        user.token,
        { type: 'threads.list', params: { limit: 100, order: 'asc' } },
        dispatcher,
      )
      expect(listed.status).toBe(200)
      const page = listed.json as Page<{ id: string }>
      expect(page.data.map((thread) => thread.id).sort()).toEqual([...threads].sort())
    }
  }

  // Every reply is stored whole, read back from the server that did not stream it; another
  // user's thread answers 404 there.
  for (const [index, conversation] of load.conversations.entries()) {
    const owner = users.find((user) => user.userId === conversation.userId)
    const stranger = users.find((user) => user.userId !== conversation.userId)
    if (!owner || !stranger || !conversation.threadId) throw new Error('conversation without owner or thread')
    const other = conversation.url === one ? two : one
    const items = await chatKitJson(
      other,
      owner.token,
      { type: 'items.list', params: { thread_id: conversation.threadId, limit: 100, order: 'asc' } },
      dispatcher,
    )
    expect(items.status).toBe(200)
    const stored = (items.json as Page<WireItem>).data
    expect(stored.map((item) => item.type)).toEqual(
      Array.from({ length: MESSAGES }, () => ['user_message', 'assistant_message']).flat(),
    )
    for (const item of stored.filter((i) => i.type === 'assistant_message'))
      expect(item.content.map((part) => part.text).join('')).toBe(expectReply)
    if (index % 5 === 0) {
      const peek = await chatKitJson(
        other,
        stranger.token,
        { type: 'threads.get_by_id', params: { thread_id: conversation.threadId } },
        dispatcher,
      )
      expect(peek.status).toBe(404)
    }
  }
})
