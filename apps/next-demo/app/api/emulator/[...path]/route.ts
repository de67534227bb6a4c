import { getSessionBackend } from '../../../../lib/sessionBackend'

/**
 * The emulator's control surface (`/api/emulator/__emulator/faults`, `/sessions/{id}`, ...),
 * for the end-to-end tests. Only in emulator mode, and only with CHATKIT_EMULATOR_CONTROL=1:
 * with a real API key this route does not exist.
 */
async function forward(request: Request, { params }: RouteContext<'/api/emulator/[...path]'>) {
  const { path } = await params
  const { config, emulator } = getSessionBackend()
  if (config.mode !== 'emulator' || !config.control || emulator === undefined || path[0] !== '__emulator') {
    return Response.json({ error: { message: 'Not found.' } }, { status: 404 })
  }
  const response = await emulator.handle(request)
  response.headers.set('cache-control', 'no-store')
  return response
}

export const GET = forward
export const POST = forward
export const DELETE = forward
