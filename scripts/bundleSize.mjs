// Minified + brotli sizes of the browser entry, measured the way a user's bundler sees it.
// Used by `pnpm bench` (as a child process: esbuild needs a plain Node environment) and by the
// size-budget test. Run `node scripts/bundleSize.mjs` to print the figures as JSON.
import { build } from 'esbuild'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync } from 'node:zlib'

const root = fileURLToPath(new URL('..', import.meta.url))
const PEERS = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query']
const ZOD = ['zod', 'zod/mini', 'zod/v4/core']

/** What the measured figures leave out: the peer dependencies and zod, as an app has them anyway. */
export const EXTERNAL = [...PEERS, ...ZOD]

/** The browser entry of `@chatkit-session/react` (core included), as built in `dist/`. */
export const REACT_ENTRY = `${root}packages/react/dist/index.js`

/** The optional UI entry, `@chatkit-session/react/components`. */
export const COMPONENTS_ENTRY = `${root}packages/react/dist/components.js`

/** What an app that renders ChatKit with our provider typically imports. */
export const TYPICAL_IMPORT = "export { ChatKitProvider, useChatKitApi } from '@chatkit-session/react'"

/** The hook alone, without the provider. */
export const HOOK_IMPORT = "export { useChatKitSession } from '@chatkit-session/react'"

/**
 * Minified + brotli size of `entry` bundled for the browser, `external` left out. `entry` is a
 * file path, or `{ contents }` for a module written inline (resolved from the repository root).
 */
export async function measureBundle(entry, external) {
  const input =
    typeof entry === 'string'
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: root, loader: 'js' } }
  const result = await build({
    ...input,
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    external,
    // Workspace packages resolve through their built `exports`, as users get them.
    tsconfigRaw: {},
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  return { minified: code.length, brotli: brotliCompressSync(code).length }
}

/**
 * Our whole main entry, a typical import, the hook alone and the components entry (peers
 * external), the zod it pulls in, and ChatKit's own entry.
 */
export async function bundleSizes() {
  const ours = await measureBundle(REACT_ENTRY, EXTERNAL)
  const typical = await measureBundle({ contents: TYPICAL_IMPORT }, EXTERNAL)
  const hook = await measureBundle({ contents: HOOK_IMPORT }, EXTERNAL)
  // Alone: it includes the few provider modules it reads, which an app shares with the main entry.
  const components = await measureBundle(COMPONENTS_ENTRY, EXTERNAL)
  const withZod = await measureBundle(REACT_ENTRY, PEERS)
  const require = createRequire(`${root}packages/react/package.json`)
  const chatkitReact = await measureBundle(require.resolve('@openai/chatkit-react'), [
    ...PEERS,
    '@openai/chatkit',
  ])
  return {
    ours,
    typical,
    hook,
    components,
    zodPulledIn: { minified: withZod.minified - ours.minified, brotli: withZod.brotli - ours.brotli },
    chatkitReact,
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await bundleSizes()))
}
