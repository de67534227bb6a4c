import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as entry from '../index.ts'

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Every module specifier imported, transitively, by the package's own files from `file`. */
function importsOf(file: string, seen = new Set<string>()): Set<string> {
  const specifiers = new Set<string>()
  if (seen.has(file)) return specifiers
  seen.add(file)
  for (const [, specifier = ''] of readFileSync(join(SRC, file), 'utf8').matchAll(/from '([^']+)'/g)) {
    if (specifier.startsWith('./')) importsOf(specifier.slice(2), seen).forEach((s) => specifiers.add(s))
    else specifiers.add(specifier)
  }
  return specifiers
}

describe('the package entry "."', () => {
  it('imports nothing from node: so it loads in a browser bundle', () => {
    expect([...importsOf('index.ts')].sort()).toEqual(['@chatkit-session/core'])
  })

  it('while the ./emulator entry is where node:http lives', () => {
    expect(importsOf('emulator.ts')).toContain('node:http')
  })

  it('exports the fake action, the fake clock and the seeded random source', () => {
    expect(Object.keys(entry).sort()).toEqual([
      'createFakeClock',
      'createFakeSessionAction',
      'createSeededRandom',
    ])
  })
})
