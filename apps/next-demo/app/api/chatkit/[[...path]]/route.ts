import { getSelfHostedBackend } from '../../../../lib/selfHostedBackend'

/**
 * The demo's own ChatKit server (`createChatKitServer` + `createChatKitHandler` from
 * @chatkit-session/chatkit-server): every request carries a ChatKit token from the token action,
 * verified here (401 for a missing, expired or forged one). With CHATKIT_EMULATOR_CONTROL=1 the
 * testing stand-in sits in front of it and also serves /api/chatkit/__chatkit-server/* (force
 * the next N requests to answer 401, read the request log).
 */
function handle(request: Request) {
  return getSelfHostedBackend().handle(request)
}

export const GET = handle
export const POST = handle
export const PUT = handle
export const PATCH = handle
export const DELETE = handle
