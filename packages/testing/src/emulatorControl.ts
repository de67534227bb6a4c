import type { ChatKitEmulator } from './chatKitEmulator.ts'
import { parseEmulatorFaults } from './emulatorFaults.ts'
import { jsonResponse, openAIErrorResponse } from './openAIErrorResponse.ts'
import { readJson, readJsonField } from './readJson.ts'
import { safeDecode } from './safeDecode.ts'

async function applyFaults(emulator: ChatKitEmulator, request: Request): Promise<Response> {
  try {
    emulator.setFaults(parseEmulatorFaults(await readJson(request)))
  } catch (error) {
    return openAIErrorResponse(400, error instanceof Error ? error.message : 'Invalid faults.')
  }
  return jsonResponse(200, emulator.getFaults())
}

async function applyLifetime(emulator: ChatKitEmulator, request: Request): Promise<Response> {
  const seconds = await readJsonField(request, 'seconds')
  try {
    emulator.setLifetime(typeof seconds === 'number' ? seconds : Number.NaN)
  } catch (error) {
    return openAIErrorResponse(400, error instanceof Error ? error.message : 'Invalid lifetime.')
  }
  return jsonResponse(200, { seconds: emulator.getLifetime() })
}

/**
 * Answers a request to the control surface, `/__emulator{route}`; `key` is `METHOD /route`.
 * `createFakeServer` answers the log and reset routes itself:
 *
 * | request | effect |
 * | --- | --- |
 * | `GET /__emulator/state` | `{ faults, lifetimeSeconds, sessions, requests }` (counts) |
 * | `POST /__emulator/faults` | merges a JSON faults object; answers the faults in force |
 * | `DELETE /__emulator/faults` | switches every fault off |
 * | `POST /__emulator/lifetime` | `{ seconds }`: default lifetime of new sessions |
 * | `GET /__emulator/sessions` | every session, with its current status |
 * | `GET /__emulator/sessions/{id}` | one session, or 404 |
 * | `GET /__emulator/requests` | the request log (answered by `createFakeServer`) |
 * | `POST /__emulator/reset` | `emulator.reset()` (answered by `createFakeServer`) |
 */
export async function handleEmulatorControl(
  emulator: ChatKitEmulator,
  request: Request,
  key: string,
  route: string,
): Promise<Response> {
  const { method } = request
  const sessionMatch = /^\/sessions\/([^/]+)\/?$/.exec(route)
  if (method === 'GET' && sessionMatch?.[1] !== undefined) {
    const session = emulator.getSession(safeDecode(sessionMatch[1]))
    return session ? jsonResponse(200, session) : openAIErrorResponse(404, 'No such session.')
  }
  switch (key) {
    case 'GET /state':
      return jsonResponse(200, {
        faults: emulator.getFaults(),
        lifetimeSeconds: emulator.getLifetime(),
        sessions: emulator.listSessions().length,
        requests: emulator.requests.length,
      })
    case 'POST /faults':
      return applyFaults(emulator, request)
    case 'DELETE /faults':
      emulator.clearFaults()
      return jsonResponse(200, emulator.getFaults())
    case 'POST /lifetime':
      return applyLifetime(emulator, request)
    case 'GET /sessions':
      return jsonResponse(200, { data: emulator.listSessions() })
    default:
      return openAIErrorResponse(404, `Unknown emulator control route (${method} /__emulator${route}).`)
  }
}
