import { fileURLToPath } from 'node:url'
import type { NextConfig } from 'next'

// The monorepo root: the workspace packages are compiled from their TypeScript source
// (tsconfig.base.json's `paths`), so `pnpm demo` needs no package build first.
const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url))

const nextConfig: NextConfig = {
  // Bundling the SDK mangles its User-Agent; PGlite loads its WebAssembly and data files from
  // beside its own modules. Both stay plain Node dependencies.
  serverExternalPackages: ['openai', '@openai/agents', '@electric-sql/pglite'],
  turbopack: { root: workspaceRoot },
  outputFileTracingRoot: workspaceRoot,
  poweredByHeader: false,
  reactStrictMode: true,
}

export default nextConfig
