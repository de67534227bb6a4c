import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { TEST_API_KEY } from '../../next-demo/e2e/constants'

const APP_DIR = fileURLToPath(new URL('..', import.meta.url))

/**
 * Builds the SPA and its server once. The known test key is in the build's environment, so the
 * test that looks for it in every asset proves nothing inlines it (Vite exposes `VITE_*` only).
 */
export default async function setup(): Promise<void> {
  const started = Date.now()
  const previous = { key: process.env.OPENAI_API_KEY, mode: process.env.NODE_ENV }
  process.env.OPENAI_API_KEY = TEST_API_KEY
  // Vitest sets NODE_ENV=test, which would give the SPA React's development build.
  process.env.NODE_ENV = 'production'
  try {
    const configFile = `${APP_DIR}vite.config.ts`
    await build({ configFile, root: APP_DIR, logLevel: 'warn' })
    await build({ configFile, root: APP_DIR, logLevel: 'warn', build: { ssr: 'server/main.ts' } })
  } finally {
    if (previous.key === undefined) delete process.env.OPENAI_API_KEY
    else process.env.OPENAI_API_KEY = previous.key
    process.env.NODE_ENV = previous.mode
  }
  console.log(`[e2e-vite] vite build (SPA and server) took ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
