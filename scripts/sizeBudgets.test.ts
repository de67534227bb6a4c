// @vitest-environment node
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { EXTERNAL, HOOK_IMPORT, TYPICAL_IMPORT, measureBundle } from './bundleSize.mjs'

const entry = (path: string) => fileURLToPath(new URL(`../packages/${path}`, import.meta.url))

/**
 * Minified + brotli budgets per browser entry, peers external. They fail the run when an entry
 * grows; raise one only with a reason in the commit. (`pnpm bench` prints the sizes.)
 */
const budgets: [string, string | { contents: string }, number][] = [
  // The react budgets grew by about 70 B when useChatKitApi began passing ChatKit's uploadStrategy
  // on, kept stable when written inline (5,671 / 4,718 / 5,239 B then).
  ['@chatkit-session/react (with core), every export', 'react/dist/index.js', 5_700],
  ['ChatKitProvider + useChatKitApi, what an app typically imports', { contents: TYPICAL_IMPORT }, 4_750],
  ['useChatKitSession alone', { contents: HOOK_IMPORT }, 4_100],
  [
    'the typical import plus the session fetchers, what a SPA without server actions imports',
    {
      contents:
        "export { ChatKitProvider, useChatKitApi, createSessionFetcher, createCancelSessionFetcher } from '@chatkit-session/react'",
    },
    5_300,
  ],
  ['@chatkit-session/react/components (badge and gate)', 'react/dist/components.js', 2_250],
  ['@chatkit-session/core', 'core/dist/index.js', 2_550],
  ['@chatkit-session/testing (browser entry)', 'testing/dist/index.js', 1_200],
  // A server package: measured the same way, so that its growth shows (5,586 B when set; 6,435 B
  // with typed widget actions, the shared owner check and the request families split in files;
  // about 300 B more once widget items and updates drop their nulls on the wire; 7,062 B once a
  // message's attachments are recorded on their thread for the file store).
  ['@chatkit-session/chatkit-server (protocol and memory store)', 'chatkit-server/dist/index.js', 7_200],
  // Our Jinja engine and @cfworker/json-schema (about 6.4 kB of it) make most of it (18,546 B when set).
  [
    '@chatkit-session/chatkit-server/widgets (templates, diff, stream)',
    'chatkit-server/dist/widgets.js',
    19_000,
  ],
]

describe('size budgets (run `pnpm build` first; `pnpm test` does)', () => {
  it.each(budgets)('%s stays within its budget', async (_name, path, budget) => {
    const target = typeof path === 'string' ? entry(path) : path
    if (typeof target === 'string')
      expect(existsSync(target), `${target} is missing: run pnpm build`).toBe(true)
    const size = await measureBundle(target, EXTERNAL)
    expect(size.brotli).toBeLessThanOrEqual(budget)
  })
})
