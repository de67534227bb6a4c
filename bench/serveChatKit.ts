import { serve } from '@hono/node-server'
import { createChatKitServer, type Store } from '@chatkit-session/chatkit-server'
import { createChatKitHandler, type ChatKitUserContext } from '@chatkit-session/chatkit-server/fetch'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AUDIENCE, SECRET } from '../packages/chatkit-server/src/__tests__/handlerSetup.ts'
import { createPacedResponder, type PacedReplyOptions } from './pacedReply.ts'

/** A ChatKit server listening on 127.0.0.1, and how to stop it. */
export interface ServedChatKit {
  /** `http://127.0.0.1:PORT/api/chatkit`. */
  url: string
  /** The Node HTTP server underneath (to count its open requests). */
  http: Server
  close(): Promise<void>
}

/**
 * The capacity bench's ChatKit server: `createChatKitServer` on `store` with the paced
 * responder, behind `createChatKitHandler` verifying the test tokens (`handlerSetup.ts`'s
 * secret and audience), on a free port of 127.0.0.1 through @hono/node-server.
 */
export async function serveChatKit(
  store: Store<ChatKitUserContext>,
  reply: PacedReplyOptions = {},
): Promise<ServedChatKit> {
  const server = createChatKitServer({ store, respond: createPacedResponder(reply) })
  const handler = createChatKitHandler({ server, verify: { secret: SECRET, audience: AUDIENCE } })
  const http = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: (request) => handler(request), hostname: '127.0.0.1', port: 0 }, () =>
      resolve(started as Server),
    )
  })
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/chatkit`,
    http,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections()
        http.close(() => resolve())
      }),
  }
}
