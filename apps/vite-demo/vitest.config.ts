import { defineProject } from 'vitest/config'
import { alias } from '../../vitest.workspace.ts'

/**
 * The Vite demo end to end: one Vite build (globalSetup), then Hono servers on free ports,
 * driven by playwright-core in /usr/bin/chromium. Its tests run side by side (the 60-second
 * rotation sets the file's length), in the Next demo's e2e group: the same groupOrder and
 * maxWorkers, so its one file takes that group's one worker in turn instead of adding a group
 * after the consumer matrix.
 */
export default defineProject({
  resolve: { alias },
  test: {
    name: 'e2e-vite',
    root: import.meta.dirname,
    environment: 'node',
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['e2e/globalSetup.ts'],
    fileParallelism: true,
    maxWorkers: 1,
    sequence: { groupOrder: 1 },
    maxConcurrency: 8,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
})
