import { fileURLToPath } from 'node:url'
import type { TestProjectInlineConfiguration } from 'vitest/config'

const src = (file: string) => fileURLToPath(new URL(`./packages/${file}`, import.meta.url))

/** Workspace packages resolve to their TypeScript source in tests: no build needed first. */
export const alias = [
  { find: /^@chatkit-session\/core$/, replacement: src('core/src/index.ts') },
  { find: /^@chatkit-session\/core\/fetch$/, replacement: src('core/src/fetch.ts') },
  { find: /^@chatkit-session\/react$/, replacement: src('react/src/index.ts') },
  { find: /^@chatkit-session\/react\/components$/, replacement: src('react/src/components.ts') },
  { find: /^@chatkit-session\/server$/, replacement: src('server/src/index.ts') },
  { find: /^@chatkit-session\/server\/verify$/, replacement: src('server/src/verify.ts') },
  { find: /^@chatkit-session\/server\/fetch$/, replacement: src('server/src/fetch.ts') },
  { find: /^@chatkit-session\/chatkit-server$/, replacement: src('chatkit-server/src/index.ts') },
  {
    find: /^@chatkit-session\/chatkit-server\/postgres$/,
    replacement: src('chatkit-server/src/postgres.ts'),
  },
  { find: /^@chatkit-session\/chatkit-server\/fetch$/, replacement: src('chatkit-server/src/fetch.ts') },
  { find: /^@chatkit-session\/chatkit-server\/agents$/, replacement: src('chatkit-server/src/agents.ts') },
  { find: /^@chatkit-session\/chatkit-server\/widgets$/, replacement: src('chatkit-server/src/widgets.ts') },
  {
    find: /^@chatkit-session\/chatkit-server\/widgets\/node$/,
    replacement: src('chatkit-server/src/widgetsNode.ts'),
  },
  {
    find: /^@chatkit-session\/chatkit-server\/attachments$/,
    replacement: src('chatkit-server/src/attachments.ts'),
  },
  { find: /^@chatkit-session\/chatkit-server\/files$/, replacement: src('chatkit-server/src/files.ts') },
  { find: /^@chatkit-session\/testing$/, replacement: src('testing/src/index.ts') },
  { find: /^@chatkit-session\/testing\/emulator$/, replacement: src('testing/src/emulator.ts') },
  { find: /^@chatkit-session\/testing\/protocol$/, replacement: src('testing/src/protocol.ts') },
]

/**
 * The one list of Vitest projects. Vitest 4 ignores this file: vitest.config.ts imports it.
 * Projects that need their own plugins (Storybook's browser tests, the demo's end-to-end suite)
 * live in the config files named at the end.
 */
export const projects: (TestProjectInlineConfiguration | string)[] = [
  {
    extends: true,
    test: {
      name: 'core',
      root: './packages/core',
      environment: 'node',
      include: ['src/**/*.test.ts'],
    },
  },
  {
    extends: true,
    test: {
      name: 'react',
      root: './packages/react',
      environment: 'jsdom',
      include: ['src/**/*.test.{ts,tsx}'],
      setupFiles: ['src/__tests__/setup.ts'],
    },
  },
  {
    extends: true,
    test: {
      name: 'server',
      root: './packages/server',
      environment: 'node',
      include: ['src/**/*.test.ts'],
      // A redis-server on a free port for the limits tests, unless REDIS_URL names one.
      globalSetup: ['src/__tests__/redisGlobalSetup.ts'],
    },
  },
  {
    extends: true,
    test: {
      name: 'chatkit-server',
      root: './packages/chatkit-server',
      environment: 'node',
      include: ['src/**/*.test.ts'],
      // A PostgreSQL server for the store tests: DATABASE_URL, or one started for the run.
      globalSetup: ['src/__tests__/postgresGlobalSetup.ts'],
      // PGlite takes seconds to start on a loaded machine; the store suites run many queries.
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  },
  {
    extends: true,
    // The Agents SDK bridge's tests again on the oldest @openai/agents of its peer range, whose
    // openai is 6.x: the range is checked at both ends.
    resolve: { alias: [{ find: /^@openai\/agents$/, replacement: '@openai/agents-0.14' }] },
    test: {
      name: 'chatkit-server-agents-0.14',
      root: './packages/chatkit-server',
      environment: 'node',
      include: ['src/__tests__/agents/*.test.ts'],
      // The major version of openai that this @openai/agents calls through (the test checks it).
      env: { AGENTS_OPENAI_MAJOR: '6' },
    },
  },
  {
    extends: true,
    // The server package's integration tests live here, beside the emulator, and import its main
    // entry: `server-only` resolves as on the server, as in the next-demo project below.
    resolve: {
      alias: [
        {
          find: /^server-only$/,
          replacement: fileURLToPath(
            new URL('./packages/server/node_modules/server-only/empty.js', import.meta.url),
          ),
        },
      ],
    },
    test: {
      name: 'testing',
      root: './packages/testing',
      environment: 'node',
      include: ['src/**/*.test.ts'],
    },
  },
  {
    extends: true,
    // The demo's server-side helpers, without Next.js: `server-only` resolves as on the server.
    resolve: {
      alias: [
        {
          find: /^server-only$/,
          replacement: fileURLToPath(
            new URL('./apps/next-demo/node_modules/server-only/empty.js', import.meta.url),
          ),
        },
      ],
    },
    test: {
      name: 'next-demo',
      root: './apps/next-demo',
      environment: 'node',
      include: ['lib/**/*.test.ts'],
    },
  },
  {
    extends: true,
    test: {
      name: 'quality',
      root: './scripts',
      environment: 'node',
      include: ['*.test.ts'],
      // These run the TypeScript compiler and esbuild over the repository: seconds of CPU that
      // a loaded machine stretches well past Vitest's 5 s default.
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  },
  '{.storybook,apps/*,consumers,packages/stories}/vitest.config.ts',
]
