import { readSessionResult, type SessionActionResult } from '@chatkit-session/core'
import { render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { ChatKitProvider, useChatKitSessionContext } from '../ChatKitProvider.tsx'
import { createCancelSessionFetcher } from '../createCancelSessionFetcher.ts'
import { createSessionFetcher } from '../createSessionFetcher.ts'
import { createTestQueryClient } from './helpers.tsx'

const SECRET = 'ek_fetcher_test_secret'
const session = {
  id: 'cksess_1',
  client_secret: SECRET,
  expires_at: 2_000_000_000,
  server_time: 1_999_999_400,
}

/** A fetch that answers every call with `answer()`, recording each request. */
function fakeFetch(answer: () => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = []
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} })
    return answer()
  })
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls }
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

/** What the hook would make of a result: the code and retryAfterMs, or the secret. */
function asHookReadsIt(result: SessionActionResult) {
  const read = readSessionResult(result)
  return read instanceof Error
    ? { code: read.code, retryAfterMs: read.retryAfterMs }
    : { secret: read.client_secret }
}

describe('createSessionFetcher', () => {
  it('POSTs the input as JSON, same-origin cookies by default, and returns the session', async () => {
    const { fetch, calls } = fakeFetch(() => json({ ok: true, session }))
    const create = createSessionFetcher<{ state_variables: { locale: string } }>('/api/chatkit/session', {
      fetch,
    })
    expect(asHookReadsIt(await create({ state_variables: { locale: 'fr' } }))).toEqual({ secret: SECRET })
    expect(await createSessionFetcher('/api/chatkit/session', { fetch })()).toMatchObject({ ok: true })
    const [first, second] = calls
    expect(first?.url).toBe('/api/chatkit/session')
    expect(first?.init).toMatchObject({ method: 'POST', credentials: 'same-origin', cache: 'no-store' })
    expect(new Headers(first?.init.headers).get('content-type')).toBe('application/json')
    expect(first?.init.body).toBe('{"state_variables":{"locale":"fr"}}')
    expect(second?.init.body).toBe('{}')
  })

  it('takes credentials and headers (or a function returning them) from its options', async () => {
    const { fetch, calls } = fakeFetch(() => json({ ok: true, session }))
    await createSessionFetcher('https://api.example/session', {
      fetch,
      credentials: 'include',
      headers: async () => ({ authorization: 'Bearer from-auth', 'content-type': 'text/plain' }),
    })()
    const headers = new Headers(calls[0]?.init.headers)
    expect(calls[0]?.init.credentials).toBe('include')
    expect(headers.get('authorization')).toBe('Bearer from-auth')
    // The endpoint only takes JSON: the content type is not the caller's to change.
    expect(headers.get('content-type')).toBe('application/json')
  })

  // Each row: what the endpoint answered, and what the hook must read, as for a server action.
  const rows: [string, () => Response, ReturnType<typeof asHookReadsIt>][] = [
    [
      '401 with the handler error',
      () => json({ ok: false, error: { code: 'unauthorized', message: 'No user.' } }, 401),
      { code: 'unauthorized', retryAfterMs: undefined },
    ],
    [
      '429 with retryAfterMs in the body',
      () =>
        json({ ok: false, error: { code: 'rate_limited', message: 'Slow.', retryAfterMs: 1500 } }, 429, {
          'retry-after': '2',
        }),
      { code: 'rate_limited', retryAfterMs: 1500 },
    ],
    [
      '404 naming workflow_unavailable (the body wins over the status)',
      () => json({ ok: false, error: { code: 'workflow_unavailable', message: 'Retired.' } }, 404),
      { code: 'workflow_unavailable', retryAfterMs: undefined },
    ],
    [
      '501 unsupported',
      () => json({ ok: false, error: { code: 'unsupported', message: 'openai >= 6.2.0.' } }, 501),
      { code: 'unsupported', retryAfterMs: undefined },
    ],
    [
      '200 with { ok: false } (a hand-written route)',
      () => json({ ok: false, error: { code: 'forbidden', message: 'No.' } }),
      { code: 'forbidden', retryAfterMs: undefined },
    ],
    [
      'a proxy 429 page with Retry-After: 3',
      () => new Response('<html>slow down</html>', { status: 429, headers: { 'retry-after': '3' } }),
      { code: 'rate_limited', retryAfterMs: 3000 },
    ],
    [
      'a bare 502',
      () => new Response('Bad Gateway', { status: 502 }),
      { code: 'server_error', retryAfterMs: undefined },
    ],
    [
      '403 HTML',
      () => new Response('<h1>Forbidden</h1>', { status: 403 }),
      { code: 'forbidden', retryAfterMs: undefined },
    ],
    [
      '404 text',
      () => new Response('Not Found', { status: 404 }),
      { code: 'not_found', retryAfterMs: undefined },
    ],
    [
      '413 without JSON',
      () => new Response('', { status: 413 }),
      { code: 'bad_request', retryAfterMs: undefined },
    ],
    [
      '500 with an unknown code in the body',
      () => json({ ok: false, error: { code: 'teapot' } }, 500),
      { code: 'server_error', retryAfterMs: undefined },
    ],
    [
      '200 that is not JSON',
      () => new Response('<html>login</html>', { status: 200 }),
      { code: 'invalid_response', retryAfterMs: undefined },
    ],
    [
      '200 JSON that is not a session',
      () => json({ hello: 'world' }),
      { code: 'invalid_response', retryAfterMs: undefined },
    ],
  ]

  it.each(rows)('%s', async (_name, answer, expected) => {
    const { fetch } = fakeFetch(answer)
    const result = await createSessionFetcher('/api/chatkit/session', { fetch })()
    expect(asHookReadsIt(result)).toEqual(expected)
    // The fetcher's result is already the reader's: the same code as the hook reads.
    if (!result.ok) expect(result.error.code).toBe(expected.code)
  })

  it('a network failure (fetch rejects, or the body breaks off) is network, and never throws', async () => {
    const offline = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')))
    expect(asHookReadsIt(await createSessionFetcher('/s', { fetch: offline.fetch })())).toEqual({
      code: 'network',
      retryAfterMs: undefined,
    })
    const broken = new ReadableStream({
      start: (controller) => controller.error(new TypeError('terminated')),
    })
    const cut = fakeFetch(() => new Response(broken, { status: 200 }))
    expect(asHookReadsIt(await createSessionFetcher('/s', { fetch: cut.fetch })())).toMatchObject({
      code: 'network',
    })
  })

  it('never quotes what the endpoint sent in a message', async () => {
    const { fetch } = fakeFetch(() => new Response(`<p>${SECRET}</p>`, { status: 500 }))
    const result = await createSessionFetcher('/s', { fetch })()
    expect(JSON.stringify(result)).not.toContain(SECRET)
  })
})

describe('createCancelSessionFetcher', () => {
  it('POSTs { sessionId } and returns the answer as a result', async () => {
    const { fetch, calls } = fakeFetch(() => json({ ok: true, session: { ...session, status: 'cancelled' } }))
    expect(await createCancelSessionFetcher('/api/chatkit/cancel', { fetch })('cksess_1')).toMatchObject({
      ok: true,
    })
    expect(calls[0]?.init.body).toBe('{"sessionId":"cksess_1"}')
  })
})

function Status() {
  const result = useChatKitSessionContext()
  return (
    <p data-testid="status">{result.status === 'error' ? `error:${result.error.code}` : result.status}</p>
  )
}

describe('the fetchers in the provider', () => {
  it('reach active, and a cancel that fails reaches onError', async () => {
    const onError = vi.fn()
    const create = fakeFetch(() => json({ ok: true, session }))
    const cancel = fakeFetch(() =>
      json({ ok: false, error: { code: 'not_found', message: 'Unknown.' } }, 404),
    )
    let cancelNow: () => Promise<void> = async () => {}
    function CancelHandle() {
      cancelNow = useChatKitSessionContext().cancel
      return null
    }
    render(
      <ChatKitProvider
        queryClient={createTestQueryClient()}
        createSession={createSessionFetcher('/api/chatkit/session', { fetch: create.fetch })}
        cancelSession={createCancelSessionFetcher('/api/chatkit/cancel', { fetch: cancel.fetch })}
        onError={onError}
      >
        <Status />
        <CancelHandle />
      </ChatKitProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('active'))
    await cancelNow()
    expect(cancel.calls).toHaveLength(1)
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'not_found' }))
  })

  it('an endpoint answering 401 ends in the error state with its code', async () => {
    const create = fakeFetch(() =>
      json({ ok: false, error: { code: 'unauthorized', message: 'No user.' } }, 401),
    )
    render(
      <ChatKitProvider
        queryClient={createTestQueryClient()}
        createSession={createSessionFetcher('/api/chatkit/session', { fetch: create.fetch })}
      >
        <Status />
      </ChatKitProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('error:unauthorized'))
    expect(create.calls).toHaveLength(1)
  })
})
