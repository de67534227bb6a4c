import type { SessionActionResult } from '@chatkit-session/core'
import type OpenAI from 'openai'
import { expectTypeOf, test } from 'vitest'
import type { ChatKitClient } from '../chatKitClient.ts'
import type { ChatKitSessionActionResult } from '../chatKitClientSession.ts'
import type { cancelChatKitSessionAction } from '../cancelChatKitSessionAction.ts'
import type { createChatKitSessionAction } from '../createChatKitSessionAction.ts'

test('a real OpenAI client is a ChatKitClient', () => {
  expectTypeOf<OpenAI>().toExtend<ChatKitClient>()
})

test('the actions return what core and the React binding read', () => {
  expectTypeOf<ChatKitSessionActionResult>().toExtend<SessionActionResult>()
  expectTypeOf<
    Awaited<ReturnType<ReturnType<typeof createChatKitSessionAction>>>
  >().toExtend<SessionActionResult>()
  expectTypeOf<ReturnType<typeof cancelChatKitSessionAction>>().parameters.toEqualTypeOf<
    [sessionId: string]
  >()
})
