import { getSessionBackend } from '../../../../lib/sessionBackend'

// The official starter app's pattern, kept as the baseline of `pnpm bench`'s time to first
// secret: a route that creates a session on every POST, no cache, no expiry tracking.
export async function POST(): Promise<Response> {
  const result = await getSessionBackend().create()
  if (!result.ok) return Response.json({ error: result.error.code }, { status: 502 })
  return Response.json(
    { client_secret: result.session.client_secret },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}
