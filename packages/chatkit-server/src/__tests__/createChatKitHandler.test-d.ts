import { expectTypeOf, test } from 'vitest'
import type { ChatKitServer } from '../chatKitServer.ts'
import {
  createChatKitHandler,
  type ChatKitHandler,
  type ChatKitUserContext,
} from '../createChatKitHandler.ts'

declare const userServer: ChatKitServer<ChatKitUserContext>
declare const tenantServer: ChatKitServer<{ userId: string; tenant: string }>
const verify = { secret: 'a-secret-of-at-least-thirty-two-bytes!!', audience: 'https://chatkit.example.com' }

test('without `context`, the server must take the default context { userId }', () => {
  expectTypeOf(createChatKitHandler({ server: userServer, verify })).toEqualTypeOf<ChatKitHandler>()
  // @ts-expect-error: a server with its own context type needs `context` to build it
  createChatKitHandler({ server: tenantServer, verify })
})

test('`context` builds the server own context from the claims', () => {
  createChatKitHandler({
    server: tenantServer,
    verify,
    context: (claims, request) => ({ userId: claims.sub, tenant: request.headers.get('x-tenant') ?? '' }),
  })
  createChatKitHandler({
    server: tenantServer,
    verify,
    // @ts-expect-error: the context must be the server's
    context: (claims) => ({ userId: claims.sub }),
  })
})

test('getContext and verify exclude each other', () => {
  createChatKitHandler({ server: tenantServer, getContext: () => null })
  // @ts-expect-error: one way to authenticate, not two
  createChatKitHandler({ server: userServer, verify, getContext: () => ({ userId: 'u' }) })
})
