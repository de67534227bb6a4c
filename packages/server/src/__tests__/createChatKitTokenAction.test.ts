import {
  MAX_SESSION_LIFETIME_SECONDS,
  clientSessionSchema,
  readSessionResult,
  type SessionActionResult,
} from '@chatkit-session/core'
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose'
import { describe, expect, it, vi } from 'vitest'
import {
  DEFAULT_TOKEN_TTL_SECONDS,
  MAX_TOKEN_TTL_SECONDS,
  createChatKitTokenAction,
  type CreateChatKitTokenActionConfig,
} from '../createChatKitTokenAction.ts'
import { CHATKIT_TOKEN_TYPE } from '../chatKitTokenKeys.ts'
import { MAX_TOKEN_LENGTH, verifyChatKitToken } from '../verifyChatKitToken.ts'
import { loose } from './setup.ts'
import { AUDIENCE, NOW, NOW_SECONDS, SECRET, decodeToken, tokenOf } from './tokens.ts'

const base = { secret: SECRET, audience: AUDIENCE, getUser: () => 'user_42', now: () => NOW }
const mint = (config: Partial<CreateChatKitTokenActionConfig> = {}) =>
  createChatKitTokenAction(loose<CreateChatKitTokenActionConfig>({ ...base, ...config }))

describe('createChatKitTokenAction', () => {
  it('signs an HS256 JWT with sub, aud, iat, nbf, exp and a random jti, shaped as a session', async () => {
    const result = await mint()()
    expect(result).toEqual({
      ok: true,
      session: {
        id: expect.stringMatching(/^ckt_[A-Za-z0-9_-]{22}$/),
        client_secret: expect.any(String),
        expires_at: NOW_SECONDS + 300,
        server_time: NOW / 1000,
        status: 'active',
      },
    })
    const token = tokenOf(result)
    const { header, claims } = decodeToken(token)
    expect(header).toEqual({ alg: 'HS256', typ: CHATKIT_TOKEN_TYPE })
    expect(claims).toEqual({
      sub: 'user_42',
      aud: AUDIENCE,
      iat: NOW_SECONDS,
      nbf: NOW_SECONDS,
      exp: NOW_SECONDS + 300,
      jti: result.ok ? result.session.id : '',
    })
    expect(result.ok && result.session.server_time).toBe(1_893_456_000.25)
  })

  it('returns what core and the React hook read as a session', async () => {
    const result: SessionActionResult = await mint()()
    expect(result.ok && clientSessionSchema.safeParse(result.session).success).toBe(true)
    expect(readSessionResult(result)).toMatchObject({ expires_at: NOW_SECONDS + 300, status: 'active' })
    expect(JSON.parse(JSON.stringify(result))).toEqual(result)
  })

  it('sets iss when configured, and kid from keyId', async () => {
    const token = tokenOf(await mint({ issuer: 'https://app.example.com', keyId: 'key-2030' })())
    const { header, claims } = decodeToken(token)
    expect(header).toEqual({ alg: 'HS256', typ: CHATKIT_TOKEN_TYPE, kid: 'key-2030' })
    expect(claims.iss).toBe('https://app.example.com')
  })

  it('issues a new jti each call', async () => {
    const action = mint()
    const ids = new Set<string>()
    for (let i = 0; i < 20; i += 1) {
      const result = await action()
      if (result.ok) ids.add(result.session.id)
    }
    expect(ids.size).toBe(20)
  })

  it.each([
    [undefined, DEFAULT_TOKEN_TTL_SECONDS],
    [1, 1],
    [60, 60],
    [600, 600],
    [601, MAX_TOKEN_TTL_SECONDS],
    [86_400, MAX_TOKEN_TTL_SECONDS],
  ])(
    'ttlSeconds %s gives a token of %i seconds (default 300, capped at 600)',
    async (ttlSeconds, expected) => {
      const result = await mint({ ttlSeconds })()
      expect(result.ok && result.session.expires_at).toBe(NOW_SECONDS + expected)
      expect(decodeToken(tokenOf(result)).claims.exp).toBe(NOW_SECONDS + expected)
    },
  )

  it("caps lifetimes at a session's: the verifier's limit is the API's", () => {
    expect(MAX_TOKEN_TTL_SECONDS).toBe(MAX_SESSION_LIFETIME_SECONDS)
  })

  it('reads the clock once per call, at signing', async () => {
    const now = vi.fn(() => NOW)
    const action = mint({ now })
    expect(now).not.toHaveBeenCalled()
    await action()
    expect(now).toHaveBeenCalledOnce()
  })

  it.each([null, undefined])(
    'answers unauthorized when getUser() returns %s, and tells onError',
    async (user) => {
      const onError = vi.fn()
      const result = await mint({ getUser: async () => user, onError })()
      expect(result).toEqual({
        ok: false,
        error: { code: 'unauthorized', message: expect.stringMatching(/signed-in user/) },
      })
      expect(onError).toHaveBeenCalledWith(
        expect.objectContaining({ code: 'unauthorized' }),
        expect.anything(),
      )
    },
  )

  it('refuses an empty user id with bad_request', async () => {
    expect(await mint({ getUser: () => '' })()).toMatchObject({ ok: false, error: { code: 'bad_request' } })
  })

  it('lets getUser throw through, so Next.js redirect() works', async () => {
    const redirect = new Error('NEXT_REDIRECT')
    const action = mint({
      getUser: () => {
        throw redirect
      },
    })
    await expect(action()).rejects.toBe(redirect)
  })

  it('ignores browser input', async () => {
    const result = await mint()(loose({ sub: 'admin', ttlSeconds: 99_999, aud: 'elsewhere' }))
    const { claims } = decodeToken(tokenOf(result))
    expect(claims).toMatchObject({ sub: 'user_42', aud: AUDIENCE, exp: NOW_SECONDS + 300 })
  })

  describe('claims()', () => {
    it('adds extra claims for the user, sync or async', async () => {
      const claims = vi.fn(async (user: string) => ({ role: 'admin', tenant: `t_${user}`, flags: [1, 2] }))
      const token = tokenOf(await mint({ claims })())
      expect(claims).toHaveBeenCalledWith('user_42')
      expect(decodeToken(token).claims).toMatchObject({ sub: 'user_42', role: 'admin', tenant: 't_user_42' })
    })

    it.each(['sub', 'aud', 'iss', 'exp', 'nbf', 'iat', 'jti'])(
      'may not override the registered claim %s',
      async (claim) => {
        const result = await mint({ claims: () => ({ [claim]: 'x' }) })()
        expect(result).toEqual({
          ok: false,
          error: { code: 'bad_request', message: `claims: may not set the registered claim '${claim}'` },
        })
      },
    )

    type Claims = () => Record<string, unknown>
    it.each<[string, Claims]>([
      ['an array', () => loose([1])],
      ['null', () => loose(null)],
      ['a BigInt', () => ({ big: 10n })],
      ['a Date', () => loose(new Date(NOW))],
      ['a Map', () => loose(new Map([['role', 'admin']]))],
      [
        'a class instance',
        () =>
          loose(
            new (class Claims {
              role = 'admin'
            })(),
          ),
      ],
    ])('refuses %s with bad_request, as a value', async (_name, claims) => {
      const onError = vi.fn()
      expect(await mint({ claims, onError })()).toMatchObject({ ok: false, error: { code: 'bad_request' } })
      expect(onError).toHaveBeenCalledOnce()
    })

    it('checks registered names on what JSON makes of the claims: a toJSON cannot set iss', async () => {
      const claims = () => ({ toJSON: () => ({ iss: 'https://evil.example.com', role: 'admin' }) })
      expect(await mint({ claims })()).toEqual({
        ok: false,
        error: { code: 'bad_request', message: "claims: may not set the registered claim 'iss'" },
      })
    })

    it('refuses a toJSON that turns the claims into something other than an object', async () => {
      const claims = () => ({ toJSON: () => 'a string' })
      expect(await mint({ claims })()).toEqual({
        ok: false,
        error: { code: 'bad_request', message: 'claims: must return a plain object' },
      })
    })

    it('drops __proto__ and constructor keys, from the token and from what the verifier returns', async () => {
      const claims = () =>
        JSON.parse('{"__proto__":{"admin":true},"constructor":"x","role":"member"}') as object
      const token = tokenOf(await mint({ claims: loose(claims) })())
      const decoded = decodeToken(token).claims
      expect(Object.keys(decoded).sort()).toEqual(['aud', 'exp', 'iat', 'jti', 'nbf', 'role', 'sub'])
      const verified = await verifyChatKitToken(token, { secret: SECRET, audience: AUDIENCE, now: () => NOW })
      expect(verified.ok && Object.keys(verified.claims).sort()).toEqual([
        'aud',
        'exp',
        'iat',
        'jti',
        'nbf',
        'role',
        'sub',
      ])
    })
  })

  describe('failures are values, never throws', () => {
    it.each([Number.NaN, Number.POSITIVE_INFINITY])(
      'answers server_error when the clock reads %s',
      async (reading) => {
        const onError = vi.fn()
        expect(await mint({ now: () => reading, onError })()).toEqual({
          ok: false,
          error: { code: 'server_error', message: 'now: the clock did not give a finite time' },
        })
        expect(onError).toHaveBeenCalledOnce()
      },
    )
  })

  describe('mints only what the verifier accepts', () => {
    it(`refuses claims that make a token over ${MAX_TOKEN_LENGTH} characters, with bad_request`, async () => {
      const result = await mint({ claims: () => ({ blob: 'x'.repeat(100_000) }) })()
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'bad_request',
          message: `claims: the token would be 133624 characters, over the ${MAX_TOKEN_LENGTH} a verifier reads`,
        },
      })
    })

    it('signs a token just under the limit, and the verifier accepts it', async () => {
      const result = await mint({ claims: () => ({ blob: 'x'.repeat(5_900) }) })()
      const token = tokenOf(result)
      expect(token.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH)
      expect(
        await verifyChatKitToken(token, { secret: SECRET, audience: AUDIENCE, now: () => NOW }),
      ).toMatchObject({
        ok: true,
      })
    })
  })

  describe('configuration errors throw when the action is created, naming the option, never the value', () => {
    const short = 'short-secret-31-bytes-long-xxxx'
    it.each<[string, Partial<CreateChatKitTokenActionConfig> & Record<string, unknown>, RegExp]>([
      ['a 31-byte secret', { secret: short }, /secret: must be at least 32 bytes for HS256 \(got 31\)/],
      ['a 31-byte Uint8Array secret', { secret: new Uint8Array(31) }, /secret: must be at least 32 bytes/],
      ['a 40-byte secret for HS512', { algorithm: 'HS512' }, /secret: must be at least 64 bytes for HS512/],
      ['a secret that is not a string', { secret: loose(42) }, /secret: must be a string or a Uint8Array/],
      ['no key at all', { secret: undefined }, /exactly one of `secret` and `privateKey`/],
      ['a secret and a private key', { privateKey: 'pem' }, /exactly one of `secret` and `privateKey`/],
      ['an asymmetric algorithm with a secret', { algorithm: loose('RS256') }, /algorithm: with `secret`/],
      ['alg none', { algorithm: loose('none') }, /algorithm: with `secret`/],
      ['ttlSeconds 0', { ttlSeconds: 0 }, /ttlSeconds: must be a whole number of seconds, at least 1/],
      ['ttlSeconds -5', { ttlSeconds: -5 }, /ttlSeconds/],
      ['ttlSeconds 1.5', { ttlSeconds: 1.5 }, /ttlSeconds/],
      ['ttlSeconds NaN', { ttlSeconds: Number.NaN }, /ttlSeconds/],
      ['ttlSeconds Infinity', { ttlSeconds: Number.POSITIVE_INFINITY }, /ttlSeconds/],
      ['ttlSeconds as a string', { ttlSeconds: loose('300') }, /ttlSeconds/],
      ['an empty audience', { audience: '' }, /audience: must be a non-empty string/],
      ['no audience', { audience: undefined }, /audience/],
      ['an empty issuer', { issuer: '' }, /issuer/],
      ['an empty keyId', { keyId: '' }, /keyId/],
      ['claims that is not a function', { claims: loose({ role: 'x' }) }, /claims: must be a function/],
      ['no getUser', { getUser: undefined }, /getUser: must be a function/],
    ])('%s', (_name, config, message) => {
      let thrown: unknown
      try {
        mint(config)
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(TypeError)
      expect((thrown as Error).message).toMatch(message)
      expect((thrown as Error).message).not.toContain(SECRET)
      expect((thrown as Error).message).not.toContain(short)
    })

    it('accepts a 32-byte secret, a string counted in UTF-8 bytes', async () => {
      expect(() => mint({ secret: 'x'.repeat(32) })).not.toThrow()
      // 11 characters of 3 bytes each: 33 bytes.
      expect(() => mint({ secret: '€'.repeat(11) })).not.toThrow()
      expect(() => mint({ secret: '€'.repeat(10) })).toThrow(/got 30/)
    })
  })

  describe('asymmetric keys', () => {
    it.each(['RS256', 'ES256', 'EdDSA'] as const)(
      'signs with a %s private CryptoKey; the public key verifies it',
      async (algorithm) => {
        const { privateKey, publicKey } = await generateKeyPair(algorithm)
        const token = tokenOf(await mint({ secret: undefined, privateKey, algorithm, keyId: 'k1' })())
        expect(decodeToken(token).header).toEqual({ alg: algorithm, typ: CHATKIT_TOKEN_TYPE, kid: 'k1' })
        const verified = await verifyChatKitToken(token, {
          publicKey,
          algorithms: [algorithm],
          audience: AUDIENCE,
          now: () => NOW,
        })
        expect(verified).toMatchObject({ ok: true, userId: 'user_42' })
      },
    )

    it('signs with a PKCS #8 PEM string; an SPKI PEM verifies it', async () => {
      const pair = await generateKeyPair('ES256', { extractable: true })
      const privateKey = await exportPKCS8(pair.privateKey)
      const publicKey = await exportSPKI(pair.publicKey)
      const action = mint({ secret: undefined, privateKey, algorithm: 'ES256' })
      const token = tokenOf(await action())
      tokenOf(await action()) // the imported key is reused
      const verified = await verifyChatKitToken(token, {
        publicKey,
        algorithms: ['ES256'],
        audience: AUDIENCE,
        now: () => NOW,
      })
      expect(verified).toMatchObject({ ok: true, userId: 'user_42' })
    })

    it('refuses a public key, or an SPKI PEM, as the private key', async () => {
      const { publicKey } = await generateKeyPair('ES256', { extractable: true })
      expect(() => mint({ secret: undefined, privateKey: publicKey, algorithm: 'ES256' })).toThrow(
        /privateKey: must be a private CryptoKey/,
      )
      const pem = await exportSPKI(publicKey)
      expect(() => mint({ secret: undefined, privateKey: pem, algorithm: 'ES256' })).toThrow(
        /privateKey: a PEM string must be PKCS #8/,
      )
      expect(() => mint({ secret: undefined, privateKey: pem, algorithm: loose('HS256') })).toThrow(
        /algorithm: with `privateKey`/,
      )
    })

    it('throws a TypeError when the action is created with a key that does not fit the algorithm', async () => {
      const { privateKey } = await generateKeyPair('ES256')
      expect(() => mint({ secret: undefined, privateKey, algorithm: 'RS256' })).toThrow(
        new TypeError('privateKey: the key does not fit RS256'),
      )
    })

    it('answers server_error when a PEM cannot be imported for the algorithm', async () => {
      const pair = await generateKeyPair('ES256', { extractable: true })
      const pem = await exportPKCS8(pair.privateKey)
      const result = await mint({ secret: undefined, privateKey: pem, algorithm: 'RS256' })()
      expect(result).toMatchObject({ ok: false, error: { code: 'server_error' } })
      expect(JSON.stringify(result)).not.toContain(pem.split('\n')[1])
    })
  })
})
