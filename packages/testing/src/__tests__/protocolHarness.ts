import { createChatKitHandler } from '@chatkit-session/chatkit-server/fetch'
import type { ChatKitServer } from '@chatkit-session/chatkit-server'
import type { ChatKitUserContext } from '@chatkit-session/chatkit-server/fetch'
import { createChatKitTokenHandler } from '@chatkit-session/server/fetch'
import { startFetchServer, type ListeningServer } from '../protocol.ts'

// What the headless-client suites share: the token's secret and audience, a token minted as the
// app's token route mints it, a user message's params, and the handler served on 127.0.0.1.

export const SECRET = 'protocol-client-secret-of-forty-bytes!!!'
export const AUDIENCE = 'https://chatkit.protocol.example'

/** A token for `user`, from the token route's handler (createChatKitTokenAction underneath). */
export async function mintToken(user: string): Promise<string> {
  const mint = createChatKitTokenHandler({ secret: SECRET, audience: AUDIENCE, getUser: () => user })
  const response = await mint(
    new Request('http://127.0.0.1/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }),
  )
  return ((await response.json()) as { session: { client_secret: string } }).session.client_secret
}

/** The params of a user message of plain text. */
export const userInput = (text: string) => ({
  input: { content: [{ type: 'input_text', text }], attachments: [], inference_options: {} },
})

/**
 * Serves `createChatKitHandler({ server, verify })` over HTTP on 127.0.0.1; push the result to
 * `servers` to stop it after the suite.
 */
export async function serveChatKit(
  server: ChatKitServer<ChatKitUserContext>,
  servers: ListeningServer[],
): Promise<string> {
  const handler = createChatKitHandler({ server, verify: { secret: SECRET, audience: AUDIENCE } })
  const http = await startFetchServer({
    handle: handler,
    errorResponse: (status) => new Response(null, { status }),
  })
  servers.push(http)
  return `${http.origin}/api/chatkit`
}
