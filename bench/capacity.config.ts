import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { alias } from '../vitest.workspace.ts'

/**
 * `pnpm bench:capacity`: how many conversations one ChatKit server process holds (minutes; one
 * file, capacity.measure.ts, writing bench/results-capacity.json). Apart from `pnpm bench`.
 */
export default defineConfig({
  resolve: { alias },
  test: {
    name: 'bench-capacity',
    root: import.meta.dirname,
    include: ['capacity.measure.ts'],
    environment: 'node',
    env: { REPO_ROOT: fileURLToPath(new URL('..', import.meta.url)) },
    testTimeout: 1_200_000,
    hookTimeout: 120_000,
  },
})
