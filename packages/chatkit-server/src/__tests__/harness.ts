import { expect } from 'vitest'
import type { ChatKitResult } from '../chatKitServer.ts'
import { createMemoryStore } from '../createMemoryStore.ts'
import type { Store, StoreItemType } from '../store.ts'

/** The fixed time of every record the server makes in these tests. */
export const NOW = '2026-12-04T12:00:00.000Z'
export const clock = () => new Date(NOW)

/** The contexts of two users. */
export const ALICE = { userId: 'alice' }
export const BOB = { userId: 'bob' }
export type TestContext = typeof ALICE

/** Ids `thread_001`, `message_002`, ...: one counter for every type, zero-padded so they sort. */
export function counterIds(): (type: StoreItemType) => string {
  let count = 0
  return (type) => `${type}_${String(++count).padStart(3, '0')}`
}

/** A memory store with counter ids. */
export function testStore(): Store<TestContext> {
  return createMemoryStore<TestContext>({ generateId: counterIds() })
}

/** Reads a whole SSE body, checks each frame is `data: <json>\n\n`, and returns the events. */
export async function readEvents(stream: ReadableStream<Uint8Array>): Promise<Record<string, unknown>[]> {
  const text = await new Response(stream).text()
  return parseFrames(text)
}

export function parseFrames(text: string): Record<string, unknown>[] {
  if (text === '') return []
  expect(text.endsWith('\n\n')).toBe(true)
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((frame) => {
      expect(frame.startsWith('data: ')).toBe(true)
      expect(frame.includes('\n')).toBe(false)
      return JSON.parse(frame.slice('data: '.length)) as Record<string, unknown>
    })
}

/** The events of a stream result (fails the test on any other result). */
export async function eventsOf(result: ChatKitResult): Promise<Record<string, unknown>[]> {
  if (result.type !== 'stream') throw new Error(`expected a stream, got ${JSON.stringify(result)}`)
  return readEvents(result.stream)
}

/** The parsed body of a JSON result (fails the test on any other result). */
export function jsonOf(result: ChatKitResult): unknown {
  if (result.type !== 'json') throw new Error(`expected JSON, got ${JSON.stringify(result)}`)
  return JSON.parse(result.body)
}
