import { build, type Plugin } from 'esbuild'
import { alias } from '../vitest.workspace.ts'

/**
 * Our packages from their TypeScript source, by the same aliases the tests resolve them with,
 * so an edge bundle holds exactly the code the rest of the suite tests.
 */
const workspaceSources: Plugin = {
  name: 'workspace-sources',
  setup(setup) {
    setup.onResolve({ filter: /^@chatkit-session\// }, ({ path }) => {
      const entry = alias.find(({ find }) => find.test(path))
      return entry === undefined ? undefined : { path: entry.replacement }
    })
  },
}

/**
 * Bundles `contents` (a module that puts what the test needs on `globalThis`) as an edge
 * bundler would: one script, the edge-light and worker export conditions, no Node built-ins.
 * Other imports resolve from `resolveDir`. Evaluate the result in `@edge-runtime/vm`.
 */
export async function bundleForEdge(contents: string, resolveDir: string): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    conditions: ['edge-light', 'worker'],
    plugins: [workspaceSources],
    logLevel: 'silent',
  })
  return result.outputFiles[0]?.text ?? ''
}
