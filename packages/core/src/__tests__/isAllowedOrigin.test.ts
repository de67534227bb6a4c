import { describe, expect, it } from 'vitest'
import { isAllowedOrigin } from '../isAllowedOrigin.ts'

const none = new Set<string>()
const post = (url: string, headers: Record<string, string>) => new Request(url, { method: 'POST', headers })

describe('isAllowedOrigin', () => {
  it('passes an Origin naming the host the browser asked for, when the framework rebuilt request.url', () => {
    // `next start -H 127.0.0.1`: route handlers see http://localhost:PORT, the browser sent 127.0.0.1.
    const request = post('http://localhost:3000/api/chatkit', {
      origin: 'http://127.0.0.1:3000',
      host: '127.0.0.1:3000',
    })
    expect(isAllowedOrigin(request, none)).toBe(true)
  })

  it('refuses another site even when the URL and Host are ours', () => {
    for (const origin of ['http://evil.example', 'http://127.0.0.1:3001', 'null', 'not a url']) {
      const request = post('http://localhost:3000/api/chatkit', { origin, host: '127.0.0.1:3000' })
      expect(isAllowedOrigin(request, none), origin).toBe(false)
    }
  })

  it('passes the URL’s own origin and the allowed ones, and refuses others without a Host', () => {
    expect(isAllowedOrigin(post('http://app.example/x', { origin: 'http://app.example' }), none)).toBe(true)
    const admin = post('http://app.example/x', { origin: 'https://admin.example' })
    expect(isAllowedOrigin(admin, none)).toBe(false)
    expect(isAllowedOrigin(admin, new Set(['https://admin.example']))).toBe(true)
  })

  it('without Origin: Sec-Fetch-Site decides when present; a caller with neither is not a browser', () => {
    expect(isAllowedOrigin(post('http://app.example/x', { 'sec-fetch-site': 'same-origin' }), none)).toBe(
      true,
    )
    expect(isAllowedOrigin(post('http://app.example/x', { 'sec-fetch-site': 'same-site' }), none)).toBe(false)
    expect(isAllowedOrigin(post('http://app.example/x', {}), none)).toBe(true)
  })
})
