import type { UseChatKitOptions } from '@openai/chatkit-react'
import type { ChatSession } from 'openai/resources/beta/chatkit'
import { expectTypeOf, test } from 'vitest'
import type { CreateSessionAction, UseChatKitSessionResult } from '../types.ts'
import { toChatKitApi, useChatKitApi, type SelfHostedChatKitApi } from '../useChatKitApi.ts'

test("getClientSecret satisfies ChatKit's useChatKit options", () => {
  expectTypeOf<{ getClientSecret: UseChatKitSessionResult['getClientSecret'] }>().toExtend<
    UseChatKitOptions['api']
  >()
})

test('the result narrows on status', () => {
  const result = {} as UseChatKitSessionResult
  if (result.status === 'active') {
    expectTypeOf(result.clientSecret).toEqualTypeOf<string>()
    expectTypeOf(result.expiresAt).toEqualTypeOf<number>()
  }
  if (result.status === 'error') expectTypeOf(result.error.code).toBeString()
  if (result.status === 'loading') expectTypeOf(result.clientSession).toBeUndefined()
})

test('a server action returning the SDK session or a result is a CreateSessionAction', () => {
  expectTypeOf<() => Promise<ChatSession>>().toExtend<CreateSessionAction>()
  expectTypeOf<(input?: { plan: string }) => Promise<ChatSession>>().toExtend<
    CreateSessionAction<{ plan: string }>
  >()
})

test('useChatKitApi / toChatKitApi give exactly what ChatKit accepts, in both modes', () => {
  expectTypeOf<ReturnType<typeof useChatKitApi>>().toExtend<UseChatKitOptions['api']>()
  expectTypeOf(useChatKitApi({ url: '/chatkit', domainKey: 'dk' })).toExtend<UseChatKitOptions['api']>()
  expectTypeOf(useChatKitApi({ url: '/chatkit', domainKey: 'dk' })).toEqualTypeOf<SelfHostedChatKitApi>()
  const result = {} as UseChatKitSessionResult
  expectTypeOf(toChatKitApi(result)).toExtend<UseChatKitOptions['api']>()
  expectTypeOf(toChatKitApi(result, { url: '/chatkit', domainKey: 'dk' })).toExtend<
    UseChatKitOptions['api']
  >()
  expectTypeOf<UseChatKitSessionResult['fetch']>().toEqualTypeOf<typeof fetch>()
  const twoPhase = useChatKitApi({ url: '/chatkit', domainKey: 'dk', uploadStrategy: { type: 'two_phase' } })
  expectTypeOf(twoPhase).toExtend<UseChatKitOptions['api']>()
  const direct = { type: 'direct', uploadUrl: '/up' } as const
  expectTypeOf(toChatKitApi(result, { url: '/chatkit', domainKey: 'dk', uploadStrategy: direct })).toExtend<
    UseChatKitOptions['api']
  >()
})
