// @vitest-environment node
import { build } from 'esbuild'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const entry = fileURLToPath(new URL('../packages/server/dist/index.js', import.meta.url))
const refusal = 'cannot be imported from a Client Component module'

async function bundleFor(conditions: string[]): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions,
    external: ['openai', 'zod', 'zod/mini', 'zod/v4/core'],
    logLevel: 'silent',
  })
  return result.outputFiles[0]?.text ?? ''
}

describe('@chatkit-session/server in bundles', () => {
  it('throws at load in a client bundle (server-only)', async () => {
    expect(existsSync(entry), 'run pnpm build first').toBe(true)
    const client = await bundleFor(['browser'])
    // server-only's browser build is one statement: `throw new Error('This module cannot...')`.
    expect(client).toMatch(
      /throw new Error\(\s*["']This module cannot be imported from a Client Component module/,
    )
  })

  it('loads in a React Server Components bundle', async () => {
    const server = await bundleFor(['react-server'])
    expect(server).not.toContain(refusal)
  })
})
