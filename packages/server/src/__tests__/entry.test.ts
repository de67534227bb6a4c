import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// The entry itself cannot be imported here: `server-only` throws outside the `react-server`
// condition, by design. The tests import the modules; this one guards the entry's shape.
const entry = readFileSync(new URL('../index.ts', import.meta.url), 'utf8')

describe('the server entry', () => {
  it("starts with import 'server-only'", () => {
    expect(entry.split('\n')[0]).toBe("import 'server-only'")
  })

  it('re-exports each public module', () => {
    for (const module of [
      'createChatKitSessionAction',
      'cancelChatKitSessionAction',
      'chatKitClientSession',
      'chatKitClient',
      'fromOpenAIError',
    ]) {
      expect(entry).toContain(`from './${module}.ts'`)
    }
  })
})
