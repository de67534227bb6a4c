import { defineProject } from 'vitest/config'
import { alias } from '../../vitest.workspace.ts'

/**
 * End-to-end tests: `next build` once (globalSetup), then each test file starts its own
 * `next start` servers and drives them with Chromium through playwright-core.
 */
export default defineProject({
  resolve: { alias },
  test: {
    name: 'e2e',
    root: import.meta.dirname,
    environment: 'node',
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['e2e/globalSetup.ts'],
    // Files run side by side (each starts its own servers and browser), so their long waits
    // overlap; two workers even where the default (cores - 1) would be one.
    fileParallelism: true,
    maxWorkers: 2,
    // Its own maxWorkers needs its own group: it runs after the other projects, not beside them.
    sequence: { groupOrder: 1 },
    // The lifecycle suite runs its 28 cases at once (each in its own browser context).
    maxConcurrency: 32,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
})
