// @vitest-environment node
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const entry = fileURLToPath(new URL('../../dist/index.js', import.meta.url))

describe('built entry', () => {
  it("starts with 'use client' (run `pnpm build` first; `pnpm test` does)", () => {
    expect(existsSync(entry), `${entry} is missing: run pnpm build`).toBe(true)
    expect(readFileSync(entry, 'utf8').startsWith("'use client';")).toBe(true)
  })
})
