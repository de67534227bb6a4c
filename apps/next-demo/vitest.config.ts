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
    // One file at a time. Two side by side overlapped their waits, but on 2 cores a file that
    // starts servers and a browser (approvals, attachments, widgets) beside the lifecycle suite
    // pushed its recovery past the 5 s bound in a fresh-clone run (5 of 28 cases, 5.3 to 6.4 s).
    fileParallelism: true,
    maxWorkers: 1,
    // Its own maxWorkers needs its own group: it runs after the other projects, not beside them.
    sequence: { groupOrder: 1 },
    // The lifecycle suite runs its 28 cases at once (each in its own browser context).
    maxConcurrency: 32,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
})
