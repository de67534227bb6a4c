import { isRecord } from '@chatkit-session/core'

/** A request's body parsed as JSON, or `undefined` when it is empty or not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  try {
    return JSON.parse(await request.text())
  } catch {
    return undefined
  }
}

/** The field `name` of a request's JSON object body, or `undefined` when there is none. */
export async function readJsonField(request: Request, name: string): Promise<unknown> {
  const body = await readJson(request)
  return isRecord(body) ? body[name] : undefined
}
