import { getSelfHostedBackend } from '../../../../lib/selfHostedBackend'

/**
 * The demo's "own ChatKit server": the stand-in from @chatkit-session/testing, which verifies
 * the `Authorization: Bearer` token on every request (401 for a missing, expired or forged
 * one) and echoes what it was asked. With CHATKIT_EMULATOR_CONTROL=1 it also serves
 * /api/chatkit/__chatkit-server/* (force the next N requests to answer 401, read its log).
 */
async function handle(request: Request) {
  const response = await getSelfHostedBackend().standIn.handle(request)
  response.headers.set('cache-control', 'no-store')
  return response
}

export const GET = handle
export const POST = handle
export const PUT = handle
export const PATCH = handle
export const DELETE = handle
