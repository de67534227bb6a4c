import { CompactSign, SignJWT, base64url, exportSPKI, generateKeyPair } from 'jose'
import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MAX_TOKEN_TTL_SECONDS } from '../createChatKitTokenAction.ts'
import { createChatKitTokenAction } from '../createChatKitTokenAction.ts'
import {
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  MAX_TOKEN_LENGTH,
  createChatKitTokenVerifier,
  verifyChatKitToken,
  type VerifyChatKitTokenOptions,
} from '../verifyChatKitToken.ts'
import { CHATKIT_TOKEN_TYPE } from '../chatKitTokenKeys.ts'
import { loose } from './setup.ts'
import {
  AUDIENCE,
  NOW,
  NOW_SECONDS,
  OTHER_SECRET,
  SECRET,
  decodeToken,
  tokenOf,
  unsecuredToken,
} from './tokens.ts'

const secretBytes = new TextEncoder().encode(SECRET)

/** A token from the real action: 300 s, signed at NOW. */
async function mintToken(
  overrides: { secret?: string; audience?: string; issuer?: string; now?: number } = {},
) {
  const action = createChatKitTokenAction({
    secret: overrides.secret ?? SECRET,
    audience: overrides.audience ?? AUDIENCE,
    issuer: overrides.issuer,
    getUser: () => 'user_42',
    claims: () => ({ role: 'member' }),
    now: () => overrides.now ?? NOW,
  })
  return tokenOf(await action())
}

/** A token signed with SECRET but claims of the test's choosing, typed as the action types it. */
function signClaims(
  claims: Record<string, unknown>,
  alg = 'HS256',
  key: Uint8Array = secretBytes,
  typ: string | null = CHATKIT_TOKEN_TYPE,
) {
  return new SignJWT(claims).setProtectedHeader(typ === null ? { alg } : { alg, typ }).sign(key)
}

const options = (extra: Partial<VerifyChatKitTokenOptions> = {}): VerifyChatKitTokenOptions =>
  loose({ secret: SECRET, audience: AUDIENCE, now: () => NOW, ...extra })

const at = (milliseconds: number) => options({ now: () => milliseconds })

const validClaims = { sub: 'user_42', aud: AUDIENCE, jti: 'ckt_x', iat: NOW_SECONDS, exp: NOW_SECONDS + 300 }

describe('verifyChatKitToken', () => {
  it('accepts a token of the action: user id, token id, expiry and every claim', async () => {
    const token = await mintToken()
    const { claims } = decodeToken(token)
    expect(await verifyChatKitToken(token, options())).toEqual({
      ok: true,
      userId: 'user_42',
      tokenId: claims.jti,
      expiresAt: NOW_SECONDS + 300,
      claims: { ...claims, role: 'member' },
    })
  })

  it('checks iss when asked', async () => {
    const token = await mintToken({ issuer: 'https://app.example.com' })
    expect(await verifyChatKitToken(token, options({ issuer: 'https://app.example.com' }))).toMatchObject({
      ok: true,
    })
    expect(await verifyChatKitToken(token, options({ issuer: 'https://evil.example.com' }))).toEqual({
      ok: false,
      error: { code: 'wrong_audience', message: 'The token is from another issuer (iss).' },
    })
    const noIssuer = await mintToken()
    expect(await verifyChatKitToken(noIssuer, options({ issuer: 'https://app.example.com' }))).toMatchObject({
      ok: false,
      error: { code: 'wrong_audience' },
    })
  })

  describe('expired', () => {
    const exp = NOW_SECONDS + 300

    it(`allows ${DEFAULT_CLOCK_TOLERANCE_SECONDS} s of skew past exp by default, and not one more`, async () => {
      const token = await mintToken()
      expect(await verifyChatKitToken(token, at(exp * 1000 + 4_999))).toMatchObject({ ok: true })
      expect(await verifyChatKitToken(token, at(exp * 1000 + 5_000))).toEqual({
        ok: false,
        error: { code: 'expired', message: 'The token has expired.' },
      })
    })

    it('takes clockToleranceSeconds: 0 to mean expired at exp', async () => {
      const token = await mintToken()
      const strict = (now: number) => options({ now: () => now, clockToleranceSeconds: 0 })
      expect(await verifyChatKitToken(token, strict(exp * 1000 - 1))).toMatchObject({ ok: true })
      expect(await verifyChatKitToken(token, strict(exp * 1000))).toMatchObject({
        error: { code: 'expired' },
      })
    })

    it('takes a larger tolerance', async () => {
      const token = await mintToken()
      const loose30 = options({ now: () => (exp + 29) * 1000, clockToleranceSeconds: 30 })
      expect(await verifyChatKitToken(token, loose30)).toMatchObject({ ok: true })
    })

    it('refuses a token from the future (nbf) beyond the tolerance, as expired', async () => {
      const token = await mintToken({ now: NOW + 60_000 })
      expect(await verifyChatKitToken(token, options())).toEqual({
        ok: false,
        error: {
          code: 'expired',
          message: 'The token is not valid yet (nbf): check the clocks of both servers.',
        },
      })
      const slightlyAhead = await mintToken({ now: NOW + 4_000 })
      expect(await verifyChatKitToken(slightlyAhead, options())).toMatchObject({ ok: true })
    })
  })

  describe('tokens that say what they are and how long they may live', () => {
    it.each([
      ['JWT', 'JWT'],
      ['at+jwt', 'at+jwt'],
      ['no typ', null],
    ])('refuses an otherwise valid token typed %s, as malformed', async (_name, typ) => {
      expect(
        await verifyChatKitToken(await signClaims(validClaims, 'HS256', secretBytes, typ), options()),
      ).toEqual({
        ok: false,
        error: { code: 'malformed', message: `The token's typ header is not ${CHATKIT_TOKEN_TYPE}.` },
      })
    })

    it('accepts the typ with the application/ prefix, as RFC 7515 allows', async () => {
      const token = await signClaims(validClaims, 'HS256', secretBytes, `application/${CHATKIT_TOKEN_TYPE}`)
      expect(await verifyChatKitToken(token, options())).toMatchObject({ ok: true })
    })

    it('refuses a token that would live 10 years, as malformed', async () => {
      const tenYears = { ...validClaims, exp: NOW_SECONDS + 10 * 365 * 86_400 }
      expect(await verifyChatKitToken(await signClaims(tenYears), options())).toEqual({
        ok: false,
        error: {
          code: 'malformed',
          message: `The token's lifetime (exp - iat) is over ${MAX_TOKEN_TTL_SECONDS} s.`,
        },
      })
    })

    it(`accepts a lifetime of ${MAX_TOKEN_TTL_SECONDS} s plus the tolerance, and not one second more`, async () => {
      const longest = {
        ...validClaims,
        exp: NOW_SECONDS + MAX_TOKEN_TTL_SECONDS + DEFAULT_CLOCK_TOLERANCE_SECONDS,
      }
      expect(await verifyChatKitToken(await signClaims(longest), options())).toMatchObject({ ok: true })
      const over = { ...longest, exp: longest.exp + 1 }
      expect(await verifyChatKitToken(await signClaims(over), options())).toMatchObject({
        error: { code: 'malformed' },
      })
    })

    it('refuses a token issued in the future (iat) beyond the tolerance, even without nbf', async () => {
      const future = { ...validClaims, iat: NOW_SECONDS + 3_600, exp: NOW_SECONDS + 3_900 }
      expect(await verifyChatKitToken(await signClaims(future), options())).toEqual({
        ok: false,
        error: {
          code: 'expired',
          message: 'The token was issued in the future (iat): check the clocks of both servers.',
        },
      })
      const slightlyAhead = { ...validClaims, iat: NOW_SECONDS + 4 }
      expect(await verifyChatKitToken(await signClaims(slightlyAhead), options())).toMatchObject({ ok: true })
    })

    it('refuses a token without iat, as malformed', async () => {
      const { iat: _iat, ...noIat } = validClaims
      expect(await verifyChatKitToken(await signClaims(noIat), options())).toEqual({
        ok: false,
        error: { code: 'malformed', message: "The token's iat claim is missing or invalid." },
      })
    })

    it('drops __proto__ and constructor from the verified claims', async () => {
      const claims = JSON.parse(
        JSON.stringify(validClaims).replace('{', '{"__proto__":{"admin":true},"constructor":"x",'),
      ) as Record<string, unknown>
      const result = await verifyChatKitToken(await signClaims(claims), options())
      expect(result.ok && Object.keys(result.claims).sort()).toEqual(['aud', 'exp', 'iat', 'jti', 'sub'])
    })
  })

  describe('invalid_signature', () => {
    const refused = {
      ok: false,
      error: {
        code: 'invalid_signature',
        message: "The token's signature does not verify with this server's key.",
      },
    }

    it('refuses a token forged with another secret', async () => {
      expect(await verifyChatKitToken(await mintToken({ secret: OTHER_SECRET }), options())).toEqual(refused)
    })

    it('refuses a token whose claims were edited after signing', async () => {
      const [header, , signature] = (await mintToken()).split('.')
      const edited = base64url.encode(JSON.stringify({ ...validClaims, sub: 'admin' }))
      expect(await verifyChatKitToken(`${header}.${edited}.${signature}`, options())).toEqual(refused)
    })

    it('checks the signature before the claims: a forged expired token is invalid_signature', async () => {
      const forged = await mintToken({ secret: OTHER_SECRET, now: NOW - 3_600_000 })
      expect(await verifyChatKitToken(forged, options())).toMatchObject({
        error: { code: 'invalid_signature' },
      })
    })
  })

  describe('wrong_audience', () => {
    it('refuses a token for another ChatKit server', async () => {
      expect(
        await verifyChatKitToken(await mintToken({ audience: 'https://other.example.com' }), options()),
      ).toEqual({
        ok: false,
        error: { code: 'wrong_audience', message: 'The token is for another audience (aud).' },
      })
    })

    it('refuses a token without aud', async () => {
      const { aud: _aud, ...claims } = validClaims
      expect(await verifyChatKitToken(await signClaims(claims), options())).toMatchObject({
        error: { code: 'wrong_audience' },
      })
    })
  })

  describe('malformed', () => {
    it.each([
      ['an empty string', ''],
      ['undefined', undefined],
      ['a number', 42],
      ['one segment', 'not-a-jwt'],
      ['three garbage segments', 'a.b.c'],
      ['four segments', 'a.b.c.d'],
      ['a token over the length limit', `${'a'.repeat(MAX_TOKEN_LENGTH)}.b.c`],
    ])('refuses %s', async (_name, token) => {
      expect(await verifyChatKitToken(token, options())).toMatchObject({
        ok: false,
        error: { code: 'malformed' },
      })
    })

    it('refuses an unsigned alg: none token, whatever its claims', async () => {
      for (const alg of ['none', 'None', 'NONE']) {
        expect(await verifyChatKitToken(unsecuredToken(validClaims, alg), options())).toEqual({
          ok: false,
          error: {
            code: 'malformed',
            message: 'The token is signed with an algorithm this server does not accept.',
          },
        })
      }
    })

    it('pins the algorithm: HS512 with the right secret is refused unless asked for', async () => {
      const hs512Secret = 'x'.repeat(64)
      const token = await signClaims(validClaims, 'HS512', new TextEncoder().encode(hs512Secret))
      const hs256Only = options({ secret: hs512Secret })
      expect(await verifyChatKitToken(token, hs256Only)).toMatchObject({ error: { code: 'malformed' } })
      const both = options({ secret: hs512Secret, algorithms: ['HS256', 'HS512'] })
      expect(await verifyChatKitToken(token, both)).toMatchObject({ ok: true })
    })

    it('refuses an RS256 token at an HS256 verifier, and the HS256-with-the-public-key confusion', async () => {
      const pair = await generateKeyPair('RS256', { extractable: true })
      const rs256 = await new SignJWT(validClaims)
        .setProtectedHeader({ alg: 'RS256', typ: CHATKIT_TOKEN_TYPE })
        .sign(pair.privateKey)
      expect(await verifyChatKitToken(rs256, options())).toMatchObject({ error: { code: 'malformed' } })

      const pem = await exportSPKI(pair.publicKey)
      const confused = await signClaims(validClaims, 'HS256', new TextEncoder().encode(pem))
      const rsVerifier = options({ secret: undefined, publicKey: pem, algorithms: ['RS256'] })
      expect(await verifyChatKitToken(confused, rsVerifier)).toMatchObject({ error: { code: 'malformed' } })
      expect(await verifyChatKitToken(rs256, rsVerifier)).toMatchObject({ ok: true })
    })

    it.each([
      ['sub', { sub: undefined }],
      ['sub', { sub: 42 }],
      ['sub', { sub: '' }],
      ['jti', { jti: undefined }],
      ['jti', { jti: 7 }],
      ['exp', { exp: undefined }],
      ['exp', { exp: 'tomorrow' }],
    ])('refuses a signed token with a bad %s claim, naming it', async (claim, change) => {
      const claims = JSON.parse(JSON.stringify({ ...validClaims, ...change })) as Record<string, unknown>
      expect(await verifyChatKitToken(await signClaims(claims), options())).toEqual({
        ok: false,
        error: { code: 'malformed', message: `The token's ${claim} claim is missing or invalid.` },
      })
    })

    it('refuses a signed payload that is not a JSON object', async () => {
      const token = await new CompactSign(new TextEncoder().encode('[1,2,3]'))
        .setProtectedHeader({ alg: 'HS256' })
        .sign(secretBytes)
      expect(await verifyChatKitToken(token, options())).toMatchObject({ error: { code: 'malformed' } })
    })
  })

  describe('options', () => {
    it.each<[string, Record<string, unknown>, RegExp]>([
      [
        'a 31-byte secret',
        { secret: 'x'.repeat(31) },
        /secret: must be at least 32 bytes for HS256 \(got 31\)/,
      ],
      ['a short secret for HS512', { secret: SECRET, algorithms: ['HS256', 'HS512'] }, /64 bytes for HS512/],
      ['alg none', { algorithms: ['none'] }, /algorithms: with `secret`, only HS256/],
      ['an RSA algorithm with a secret', { algorithms: ['RS256'] }, /algorithms: with `secret`/],
      ['no algorithms', { algorithms: [] }, /algorithms/],
      ['no key', { secret: undefined }, /exactly one of `secret` and `publicKey`/],
      [
        'a public key without algorithms',
        { secret: undefined, publicKey: 'pem' },
        /algorithms: with `publicKey`/,
      ],
      [
        'an HMAC algorithm with a public key',
        { secret: undefined, publicKey: 'x', algorithms: ['HS256'] },
        /only asymmetric/,
      ],
      [
        'a private PEM as the public key',
        { secret: undefined, publicKey: '-----BEGIN PRIVATE KEY-----', algorithms: ['ES256'] },
        /SPKI/,
      ],
      ['an empty audience', { audience: '' }, /audience/],
      ['a negative tolerance', { clockToleranceSeconds: -1 }, /clockToleranceSeconds/],
      ['an infinite tolerance', { clockToleranceSeconds: Number.POSITIVE_INFINITY }, /clockToleranceSeconds/],
    ])('rejects %s with a TypeError, before looking at the token', async (_name, extra, message) => {
      const token = await mintToken()
      await expect(verifyChatKitToken(token, options(loose(extra)))).rejects.toThrow(TypeError)
      await expect(verifyChatKitToken(token, options(loose(extra)))).rejects.toThrow(message)
      expect(() => createChatKitTokenVerifier(options(loose(extra)))).toThrow(message)
    })

    it('rejects, rather than blaming the token, when a PEM public key cannot be imported', async () => {
      const verify = createChatKitTokenVerifier(
        options({
          secret: undefined,
          publicKey: '-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----',
          algorithms: ['ES256'],
        }),
      )
      await expect(verify(await mintToken())).rejects.toThrow()
    })

    it.each([
      ['an EC CryptoKey for RS256', 'ES256', 'RS256', 'cryptoKey'],
      ['an EC KeyObject for RS256', 'ES256', 'RS256', 'keyObject'],
      ['a P-256 key for ES384', 'ES256', 'ES384', 'cryptoKey'],
      ['an RSA key for ES256', 'RS256', 'ES256', 'keyObject'],
      ['an RSA key for EdDSA', 'RS256', 'EdDSA', 'cryptoKey'],
      ['an Ed25519 key for PS256', 'EdDSA', 'PS256', 'keyObject'],
    ] as const)(
      'refuses %s when the verifier is created',
      async (_name, generatedFor, configuredFor, form) => {
        const { publicKey } = await generateKeyPair(generatedFor, { extractable: true })
        const key = form === 'keyObject' ? createPublicKey(await exportSPKI(publicKey)) : publicKey
        expect(() =>
          createChatKitTokenVerifier(
            options({ secret: undefined, publicKey: key, algorithms: [configuredFor] }),
          ),
        ).toThrow(new TypeError(`publicKey: the key does not fit ${configuredFor}`))
      },
    )

    it('refuses an RSA key under 2048 bits', () => {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 })
      expect(() =>
        createChatKitTokenVerifier(options({ secret: undefined, publicKey, algorithms: ['RS256'] })),
      ).toThrow(new TypeError('publicKey: the key does not fit RS256'))
    })

    it('accepts each key for its own algorithm, as a CryptoKey and as a KeyObject', async () => {
      for (const algorithm of ['RS256', 'PS384', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const) {
        const { publicKey } = await generateKeyPair(algorithm, { extractable: true })
        for (const key of [publicKey, createPublicKey(await exportSPKI(publicKey))]) {
          expect(() =>
            createChatKitTokenVerifier(
              options({ secret: undefined, publicKey: key, algorithms: [algorithm] }),
            ),
          ).not.toThrow()
        }
      }
    })

    it('refuses a private CryptoKey as the public key', async () => {
      const { privateKey } = await generateKeyPair('ES256')
      expect(() =>
        createChatKitTokenVerifier(
          options({ secret: undefined, publicKey: privateKey, algorithms: ['ES256'] }),
        ),
      ).toThrow(/publicKey: must be a public CryptoKey/)
    })

    it('verifies with a Uint8Array secret, and a reusable verifier many times', async () => {
      const verify = createChatKitTokenVerifier(options({ secret: secretBytes }))
      const tokens = await Promise.all([mintToken(), mintToken(), mintToken()])
      const results = await Promise.all(tokens.map(verify))
      expect(results.map((result) => result.ok)).toEqual([true, true, true])
    })
  })
})
