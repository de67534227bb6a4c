import type { ClientSession, SessionActionResult } from '@chatkit-session/core'
import type OpenAI from 'openai'
import { expectTypeOf, test } from 'vitest'
import type { ChatKitClient } from '../chatKitClient.ts'
import type { ChatKitSessionActionResult } from '../chatKitClientSession.ts'
import type { createChatKitCancelAction } from '../createChatKitCancelAction.ts'
import type { createChatKitSessionAction } from '../createChatKitSessionAction.ts'
import type {
  ChatKitTokenSession,
  CreateChatKitTokenActionConfig,
  createChatKitTokenAction,
} from '../createChatKitTokenAction.ts'
import type { GetUser } from '../readUser.ts'
import type {
  ChatKitTokenErrorCode,
  VerifyChatKitTokenOptions,
  VerifyChatKitTokenResult,
} from '../verifyChatKitToken.ts'

test('a real OpenAI client is a ChatKitClient', () => {
  expectTypeOf<OpenAI>().toExtend<ChatKitClient>()
})

test('the actions return what core and the React binding read', () => {
  expectTypeOf<ChatKitSessionActionResult>().toExtend<SessionActionResult>()
  expectTypeOf<
    Awaited<ReturnType<ReturnType<typeof createChatKitSessionAction>>>
  >().toExtend<SessionActionResult>()
  expectTypeOf<ReturnType<typeof createChatKitCancelAction>>().parameters.toEqualTypeOf<
    [sessionId: string, cancelHandle?: string]
  >()
})

test('the token action returns what core and the React binding read, like the hosted action', () => {
  expectTypeOf<
    Awaited<ReturnType<ReturnType<typeof createChatKitTokenAction>>>
  >().toExtend<SessionActionResult>()
  expectTypeOf<ChatKitTokenSession>().toExtend<ClientSession>()
})

test('the token action config takes a secret, or a private key with its algorithm, never both', () => {
  expectTypeOf<{
    secret: string
    audience: string
    getUser: GetUser
  }>().toExtend<CreateChatKitTokenActionConfig>()
  expectTypeOf<{
    privateKey: string
    algorithm: 'ES256'
    audience: string
    getUser: GetUser
  }>().toExtend<CreateChatKitTokenActionConfig>()
  expectTypeOf<{
    privateKey: string
    audience: string
    getUser: GetUser
  }>().not.toExtend<CreateChatKitTokenActionConfig>()
  expectTypeOf<{
    secret: string
    privateKey: string
    algorithm: 'ES256'
    audience: string
    getUser: GetUser
  }>().not.toExtend<CreateChatKitTokenActionConfig>()
  expectTypeOf<{
    secret: string
    algorithm: 'RS256'
    audience: string
    getUser: GetUser
  }>().not.toExtend<CreateChatKitTokenActionConfig>()
})

test('the verifier result narrows on ok, and its codes are the four documented ones', () => {
  expectTypeOf<Extract<VerifyChatKitTokenResult, { ok: true }>['userId']>().toEqualTypeOf<string>()
  expectTypeOf<ChatKitTokenErrorCode>().toEqualTypeOf<
    'expired' | 'invalid_signature' | 'wrong_audience' | 'malformed'
  >()
  expectTypeOf<{ publicKey: string; audience: string }>().not.toExtend<VerifyChatKitTokenOptions>()
})
