import type { ChatKitSessionError } from '@chatkit-session/core'
import { createChatKitServerStandIn } from '@chatkit-session/testing/emulator'
import { exportPKCS8, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import { createChatKitTokenAction, type CreateChatKitTokenActionConfig } from '@chatkit-session/server'
import { verifyChatKitToken } from '@chatkit-session/server/verify'
import { captureConsole, loose, renderForLeakCheck } from './setup.ts'
import { AUDIENCE, OTHER_SECRET, SECRET, tokenOf } from './tokens.ts'

const SHORT_SECRET = 'short-LEAKCHECK-secret-31-bytes'

describe('the token and the secret never leave where they belong', () => {
  it('appear in no error, failure result, 401 body, request log or log line, on any path', async () => {
    const { logged, restore } = captureConsole()
    const errors: (ChatKitSessionError | Error)[] = []
    const failures: unknown[] = []
    const tokens: string[] = []
    const base = {
      secret: SECRET,
      audience: AUDIENCE,
      getUser: () => 'user_1',
      onError: errors.push.bind(errors),
    }
    const mint = (config: Partial<CreateChatKitTokenActionConfig>) =>
      createChatKitTokenAction(loose<CreateChatKitTokenActionConfig>({ ...base, ...config }))
    const standIn = createChatKitServerStandIn({ secret: SECRET, audience: AUDIENCE })
    try {
      // Tokens: valid, expired, forged, for another audience.
      tokens.push(tokenOf(await mint({})()))
      tokens.push(tokenOf(await mint({ ttlSeconds: 1, now: () => Date.now() - 60_000 })()))
      tokens.push(tokenOf(await mint({ secret: OTHER_SECRET })()))
      tokens.push(tokenOf(await mint({ audience: 'https://elsewhere.example.com' })()))
      const [valid = ''] = tokens
      tokens.push(`${valid.slice(0, -4)}AAAA`) // a tampered signature

      // Action failures.
      failures.push(await mint({ getUser: () => null })())
      failures.push(await mint({ claims: () => ({ sub: valid }) })())
      const { privateKey } = await generateKeyPair('ES256', { extractable: true })
      try {
        mint({ secret: undefined, privateKey, algorithm: 'RS256' }) // a key that does not fit
      } catch (error) {
        errors.push(error as Error)
      }
      const pem = await exportPKCS8(privateKey)
      failures.push(await mint({ secret: undefined, privateKey: pem, algorithm: 'RS256' })())

      // Configuration errors.
      for (const config of [{ secret: SHORT_SECRET }, { algorithm: 'HS512' as const }, { ttlSeconds: 0 }]) {
        try {
          mint(config)
        } catch (error) {
          errors.push(error as Error)
        }
      }
      for (const options of [{ secret: SHORT_SECRET }, { secret: SECRET, algorithms: ['RS256'] }]) {
        await verifyChatKitToken(valid, loose({ audience: AUDIENCE, ...options })).catch((error: Error) =>
          errors.push(error),
        )
      }

      // Verifier refusals and stand-in answers, for every token.
      for (const token of tokens) {
        failures.push(await verifyChatKitToken(token, { secret: SECRET, audience: AUDIENCE }))
        standIn.forceUnauthorizedNext(token === valid ? 1 : 0)
        const response = await standIn.fetch(standIn.url, { headers: { authorization: `Bearer ${token}` } })
        if (response.status !== 200) failures.push(await response.text())
      }
    } finally {
      restore()
    }

    expect(errors.length).toBeGreaterThanOrEqual(8)
    expect(failures.length).toBeGreaterThanOrEqual(12)
    const everything = [
      JSON.stringify(failures.filter((failure) => (failure as { ok?: boolean }).ok !== true)),
      JSON.stringify(standIn.requests),
      renderForLeakCheck(errors, logged),
    ].join('\n')
    for (const secret of [SECRET, OTHER_SECRET, SHORT_SECRET]) expect(everything).not.toContain(secret)
    for (const token of tokens) {
      const [header = '', claims = '', signature = ''] = token.split('.')
      expect(everything).not.toContain(`${header}.${claims}`)
      expect(everything).not.toContain(signature)
    }
  })
})
