// @vitest-environment node
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const entries = ['index.js', 'components.js'].map((name) =>
  fileURLToPath(new URL(`../../dist/${name}`, import.meta.url)),
)

describe('built entries', () => {
  it.each(entries)("%s starts with 'use client' (run `pnpm build` first; `pnpm test` does)", (entry) => {
    expect(existsSync(entry), `${entry} is missing: run pnpm build`).toBe(true)
    expect(readFileSync(entry, 'utf8').startsWith("'use client';")).toBe(true)
  })
})
