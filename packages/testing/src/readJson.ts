/** A request's body parsed as JSON, or `undefined` when it is empty or not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  try {
    return JSON.parse(await request.text())
  } catch {
    return undefined
  }
}
