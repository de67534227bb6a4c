import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { alias } from '../vitest.workspace.ts'

/**
 * `pnpm bench`: measurements, not tests. Each file prints a table and writes a results file:
 * run.measure.tsx (results.json), lifecycle.measure.ts (results-lifecycle.json, Chromium),
 * timeToFirstSecret.measure.ts (results-first-secret.json, Chromium),
 * timeToFirstReplyToken.measure.ts (results-first-token.json, Chromium), stores.measure.ts
 * (results-stores.json, PGlite and a PostgreSQL server), handler.measure.ts
 * (results-handler.json: the ChatKit handler against a bare stream), limits.measure.ts
 * (results-limits.json: issuance with no limiter, the memory store and the Redis store),
 * agentStream.measure.ts (results-agent-stream.json: the Agents SDK bridge against a bare
 * recorded run), widgets.measure.ts (results-widgets.json: a template's build() and diffWidget,
 * against JSON) and attachments.measure.ts (results-attachments.json: uploads through the
 * handler against writes straight to the store, and peak memory during concurrent uploads).
 */
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      ...alias,
      { find: /^server-only$/, replacement: fileURLToPath(new URL('./serverOnlyStub.ts', import.meta.url)) },
    ],
  },
  test: {
    name: 'bench',
    root: import.meta.dirname,
    include: [
      'run.measure.tsx',
      'lifecycle.measure.ts',
      'timeToFirstSecret.measure.ts',
      'timeToFirstReplyToken.measure.ts',
      'stores.measure.ts',
      'handler.measure.ts',
      'limits.measure.ts',
      'agentStream.measure.ts',
      'widgets.measure.ts',
      'attachments.measure.ts',
    ],
    // One measurement at a time: the machine is small and shared.
    fileParallelism: false,
    environment: 'jsdom',
    setupFiles: ['./setup.ts'],
    // jsdom gives modules an http: import.meta.url; tell them where the repository is.
    env: { REPO_ROOT: fileURLToPath(new URL('..', import.meta.url)) },
    testTimeout: 280_000,
    hookTimeout: 60_000,
  },
})
