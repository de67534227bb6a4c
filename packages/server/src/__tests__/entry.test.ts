import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as verifyEntry from '../verify.ts'

// The entry itself cannot be imported here: `server-only` throws outside the `react-server`
// condition, by design. The tests import the modules; this one guards the entry's shape.
const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')
const entry = read('index.ts')

/** Every bare module specifier `file` imports, following the package's own relative imports. */
function importsOf(file: string, seen = new Set<string>()): Set<string> {
  const specifiers = new Set<string>()
  if (seen.has(file)) return specifiers
  seen.add(file)
  for (const [, specifier = ''] of read(file).matchAll(/(?:from|import) '([^']+)'/g)) {
    if (specifier.startsWith('./')) importsOf(specifier.slice(2), seen).forEach((s) => specifiers.add(s))
    else specifiers.add(specifier)
  }
  return specifiers
}

describe('the server entry', () => {
  it("starts with import 'server-only'", () => {
    expect(entry.split('\n')[0]).toBe("import 'server-only'")
  })

  it('re-exports each public module', () => {
    for (const module of [
      'createChatKitSessionAction',
      'createChatKitCancelAction',
      'chatKitClientSession',
      'chatKitClient',
      'fromOpenAIError',
      'createChatKitTokenAction',
      'verify',
    ]) {
      expect(entry).toContain(`from './${module}.ts'`)
    }
  })

  it('re-exports every value of the ./verify entry', () => {
    for (const name of Object.keys(verifyEntry)) expect(entry).toMatch(new RegExp(`\\b${name},`))
  })
})

describe('the ./verify entry', () => {
  it('imports jose and nothing else, transitively: no server-only, no openai, so plain Node loads it', () => {
    expect([...importsOf('verify.ts')]).toEqual(['jose'])
  })

  it('exports the verifier', () => {
    expect(Object.keys(verifyEntry).sort()).toEqual([
      'CHATKIT_TOKEN_TYPE',
      'DEFAULT_CLOCK_TOLERANCE_SECONDS',
      'MAX_TOKEN_LENGTH',
      'MIN_SECRET_BYTES',
      'createChatKitTokenVerifier',
      'verifyChatKitToken',
    ])
  })
})
