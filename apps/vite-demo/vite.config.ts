import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { alias } from '../../vitest.workspace.ts'

/**
 * Two builds from one config: `vite build` writes the SPA to dist/client, and
 * `vite build --ssr server/main.ts` the Hono server to dist/server (its npm dependencies stay
 * imports, resolved from this app's node_modules at run time). The workspace packages are
 * compiled from their TypeScript source, as in the Next demo, so no package build is needed.
 */
export default defineConfig(({ isSsrBuild }) => ({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: { alias, dedupe: ['react', 'react-dom', '@tanstack/react-query'] },
  build: isSsrBuild
    ? { outDir: 'dist/server', emptyOutDir: true, target: 'node20' }
    : { outDir: 'dist/client', emptyOutDir: true },
}))
