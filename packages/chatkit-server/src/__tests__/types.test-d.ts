import { expectTypeOf, test } from 'vitest'
import type { ChatKitRequest, ChatKitRequestType } from '../chatKitRequest.ts'
import { createChatKitServer, type RespondFunction } from '../createChatKitServer.ts'
import { createMemoryStore } from '../createMemoryStore.ts'
import type { ThreadStreamEvent } from '../events.ts'
import type { Store } from '../store.ts'
import type { ThreadItem } from '../types.ts'

test('the request union covers the 16 types of chatkit-python 1.6.5', () => {
  expectTypeOf<ChatKitRequestType>().toEqualTypeOf<
    | 'threads.create'
    | 'threads.add_user_message'
    | 'threads.add_client_tool_output'
    | 'threads.add_structured_input'
    | 'threads.retry_after_item'
    | 'threads.custom_action'
    | 'threads.get_by_id'
    | 'threads.list'
    | 'items.list'
    | 'items.feedback'
    | 'attachments.create'
    | 'attachments.delete'
    | 'threads.update'
    | 'threads.delete'
    | 'input.transcribe'
    | 'threads.sync_custom_action'
  >()
  expectTypeOf<Extract<ChatKitRequest, { type: 'threads.list' }>['params']['order']>().toEqualTypeOf<
    'asc' | 'desc'
  >()
})

test('a thread item narrows by type and keeps what the stores rely on', () => {
  expectTypeOf<ThreadItem['id']>().toBeString()
  expectTypeOf<ThreadItem['thread_id']>().toBeString()
  expectTypeOf<ThreadItem['created_at']>().toBeString()
  expectTypeOf<Extract<ThreadItem, { type: 'assistant_message' }>['content'][number]['text']>().toBeString()
})

test('respond yields plain objects with the wire names, and the context is the app’s own', () => {
  const respond: RespondFunction<{ userId: string }> = async function* (thread) {
    yield { type: 'progress_update', text: 'working' }
    yield { type: 'notice', level: 'info', message: `thread ${thread.id}` }
  }
  async function* wrong(): AsyncGenerator<ThreadStreamEvent> {
    // @ts-expect-error an event type the protocol does not have
    yield { type: 'thread.item.exploded' }
  }
  expectTypeOf(wrong).returns.toExtend<AsyncIterable<ThreadStreamEvent>>()
  const store: Store<{ userId: string }> = createMemoryStore<{ userId: string }>()
  createChatKitServer({ store, respond })
  expectTypeOf<ReturnType<typeof respond>>().toExtend<AsyncIterable<ThreadStreamEvent>>()
})
