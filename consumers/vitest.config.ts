import { defineProject } from 'vitest/config'

/**
 * The consumer matrix: the packed packages installed with npm into throwaway apps outside the
 * repository (no workspace links, no aliases), for each peer set of peerSets.ts, checked with
 * tsc, a Vite build, a Next.js build and at run time. Needs the packages built (`pnpm build`).
 */
export default defineProject({
  test: {
    name: 'consumers',
    root: import.meta.dirname,
    environment: 'node',
    include: ['matrix.test.ts'],
    globalSetup: ['globalSetup.ts'],
    // The cells are child processes: two at a time keep both cores busy without thrashing.
    sequence: { concurrent: true, groupOrder: 2 },
    maxConcurrency: 2,
    testTimeout: 420_000,
    hookTimeout: 120_000,
  },
})
