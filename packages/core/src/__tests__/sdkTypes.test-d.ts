import type {
  ChatSession as SdkChatSession,
  ChatSessionStatus as SdkStatus,
} from 'openai/resources/beta/chatkit'
import type { SessionCreateParams as SdkCreateParams } from 'openai/resources/beta/chatkit/sessions'
import { expectTypeOf, test } from 'vitest'
import type { ChatSession } from '../chatSession.ts'
import type { ApiSessionStatus } from '../apiSessionStatus.ts'
import type { ClientSession } from '../clientSession.ts'
import type { SessionCreateParams } from '../sessionCreateParams.ts'

test('our inferred types and the SDK types are assignable both ways', () => {
  expectTypeOf<SessionCreateParams>().toExtend<SdkCreateParams>()
  expectTypeOf<SdkCreateParams>().toExtend<SessionCreateParams>()
  expectTypeOf<ChatSession>().toExtend<SdkChatSession>()
  expectTypeOf<SdkChatSession>().toExtend<ChatSession>()
  expectTypeOf<ApiSessionStatus>().toEqualTypeOf<SdkStatus>()
})

test('an SDK session is a ClientSession', () => {
  expectTypeOf<SdkChatSession>().toExtend<ClientSession>()
})
