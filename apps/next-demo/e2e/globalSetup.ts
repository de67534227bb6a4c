import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { APP_DIR, demoEnv, TEST_API_KEY } from './constants'

/**
 * Builds the app once for every test file. The build does not depend on the mode (pages are
 * rendered per request), so one build serves the emulator and the real-key servers. The known
 * test key is in the build's environment, so check 6 proves nothing inlines it.
 */
export default async function setup(): Promise<void> {
  const next = createRequire(import.meta.url).resolve('next/dist/bin/next')
  const started = Date.now()
  const output: string[] = []
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [next, 'build'], {
      cwd: APP_DIR,
      env: demoEnv({ OPENAI_API_KEY: TEST_API_KEY }),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    child.once('error', reject)
    child.once('exit', resolve)
  })
  if (code !== 0) throw new Error(`next build failed (exit ${code}):\n${output.join('')}`)
  console.log(`[e2e] next build took ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
