#!/usr/bin/env node
// `pnpm demo`: builds apps/next-demo when its build is missing or older than its sources (the
// app compiles the workspace packages from their TypeScript source, so they need no build of
// their own), then serves it with `next start` on 127.0.0.1 and prints the URL.
// `pnpm demo:vite` (`demo.mjs --app vite`) does the same for apps/vite-demo: `vite build` of the
// SPA and of its Hono server, then `node dist/server/main.js`.
// With no OPENAI_API_KEY the app runs on the embedded ChatKit emulator.
//
//   pnpm demo                    PORT=4000 pnpm demo          pnpm demo --rebuild
//   CHATKIT_EMULATOR_LIFETIME_SECONDS=20 pnpm demo            (watch sessions rotate)
//   OPENAI_API_KEY=sk-... CHATKIT_WORKFLOW_ID=wf_... pnpm demo (the real API and widget)
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const vite = process.argv.includes('--app') && process.argv[process.argv.indexOf('--app') + 1] === 'vite'
const appDir = join(root, 'apps', vite ? 'vite-demo' : 'next-demo')
const host = '127.0.0.1'
const port = Number(process.env.PORT ?? (vite ? 3001 : 3000))
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', HOST: host, PORT: String(port) }

function fail(message) {
  console.error(`demo: ${message}`)
  process.exit(1)
}

if (!Number.isInteger(port) || port < 1 || port > 65535)
  fail(`PORT must be a port number, not ${process.env.PORT}`)

let bin
try {
  const resolve = createRequire(join(appDir, 'package.json')).resolve
  // Vite's `exports` leave out its bin: it sits two folders above the entry (dist/node).
  bin = vite ? join(dirname(resolve('vite')), '..', '..', 'bin', 'vite.js') : resolve('next/dist/bin/next')
} catch {
  fail(`${vite ? 'Vite' : 'Next.js'} is not installed: run \`pnpm install\` at the repository root first.`)
}

/** Per app: its build steps, the file the build leaves last, and how its server starts. */
const app = vite
  ? {
      builds: [['build'], ['build', '--ssr', 'server/main.ts']],
      stamp: join(appDir, 'dist', 'server', 'main.js'),
      start: [join(appDir, 'dist', 'server', 'main.js')],
      label: 'vite build (apps/vite-demo)',
    }
  : {
      builds: [['build']],
      stamp: join(appDir, '.next', 'BUILD_ID'),
      start: [bin, 'start', '-H', host, '-p', String(port)],
      label: 'next build (apps/next-demo)',
    }

// Build output, tests, and the files `next build` itself writes.
const SKIP = new Set([
  'node_modules',
  '.next',
  'dist',
  // The chat's threads (PGlite), written while the demo runs.
  '.data',
  'e2e',
  '__tests__',
  'next-env.d.ts',
  'tsconfig.tsbuildinfo',
])

/** The newest modification time under `path`, skipping build output and tests. */
function newest(path) {
  if (!existsSync(path)) return 0
  const stats = statSync(path)
  if (!stats.isDirectory()) return stats.mtimeMs
  let latest = 0
  for (const entry of readdirSync(path)) {
    if (!SKIP.has(entry)) latest = Math.max(latest, newest(join(path, entry)))
  }
  return latest
}

function run(args, label) {
  console.log(`demo: ${label}`)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: appDir, env, stdio: 'inherit' })
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${label} failed (${code})`))))
  })
}

const sources = [
  appDir,
  ...readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name, 'src')),
  join(root, 'tsconfig.base.json'),
  join(root, 'pnpm-lock.yaml'),
]
const builtAt = existsSync(app.stamp) ? statSync(app.stamp).mtimeMs : 0
if (process.argv.includes('--rebuild') || builtAt < Math.max(...sources.map(newest))) {
  try {
    for (const args of app.builds) await run(args, app.label)
  } catch (error) {
    fail(error.message)
  }
} else {
  console.log('demo: the build is up to date (pass --rebuild to force one)')
}

const server = spawn(process.execPath, app.start, {
  cwd: appDir,
  env,
  stdio: ['inherit', 'pipe', 'inherit'],
})
const url = `http://${host}:${port}`
let announced = false
server.stdout.on('data', (chunk) => {
  process.stdout.write(chunk)
  if (!announced && /ready|vite-demo: open/i.test(chunk.toString())) {
    announced = true
    const answers = env.OPENAI_API_KEY
      ? `an Agents SDK agent (${env.OPENAI_MODEL || "the SDK's default model"})`
      : 'a scripted responder (no OPENAI_API_KEY)'
    const hosted = env.OPENAI_API_KEY
      ? `the OpenAI API${env.OPENAI_BASE_URL ? ` at ${env.OPENAI_BASE_URL}` : ''}`
      : `the embedded ChatKit emulator (sessions last ${env.CHATKIT_EMULATOR_LIFETIME_SECONDS ?? 60} s)`
    console.log(
      [
        '',
        `demo: open ${url}`,
        `demo: / is a chat on our own ChatKit server, answered by ${answers}`,
        `demo: /hosted keeps a hosted ChatKit session fresh, from ${hosted}`,
        'demo: Ctrl+C stops it',
        '',
      ].join('\n'),
    )
  }
})

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (server.exitCode === null) server.kill(signal)
  })
}
server.once('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)))
