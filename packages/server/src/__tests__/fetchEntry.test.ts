import { readFileSync } from 'node:fs'
import { CHATKIT_SESSION_ERROR_CODES, errorCodeFromStatus } from '@chatkit-session/core'
import { describe, expect, it } from 'vitest'
import { statusForErrorCode } from '../statusForErrorCode.ts'

describe('statusForErrorCode', () => {
  it('maps every code to an error status that core reads back as the same code, or a near one', () => {
    for (const code of CHATKIT_SESSION_ERROR_CODES) {
      const status = statusForErrorCode(code)
      expect(status).toBeGreaterThanOrEqual(400)
      const readBack = errorCodeFromStatus(status)
      if (
        ['unauthorized', 'forbidden', 'not_found', 'bad_request', 'rate_limited', 'server_error'].includes(
          code,
        )
      ) {
        expect(readBack).toBe(code)
      } else {
        expect(readBack).toBeDefined()
      }
    }
  })
})

describe('the ./fetch entry', () => {
  it('exports the three handlers and the limits, and the main entry re-exports each of its values', async () => {
    const fetchEntry = await import('../fetch.ts')
    expect(Object.keys(fetchEntry).sort()).toEqual([
      'DEFAULT_IP_LIMITS',
      'DEFAULT_MAX_BODY_BYTES',
      'DEFAULT_USER_LIMITS',
      'RATE_LIMITED_MESSAGE',
      'createChatKitCancelHandler',
      'createChatKitSessionHandler',
      'createChatKitTokenHandler',
      'createMemoryLimitStore',
      'createRedisLimitStore',
      'createVisitorCookie',
      'statusForErrorCode',
    ])
    const main = readFileSync(new URL('../index.ts', import.meta.url), 'utf8')
    for (const name of Object.keys(fetchEntry)) expect(main).toMatch(new RegExp(`\\b${name},`))
  })
})
