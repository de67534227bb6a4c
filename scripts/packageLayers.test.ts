// @vitest-environment node
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * The layers of the published packages: what each may import of ours. Core sits at the bottom,
 * react and server beside each other on it, testing above them; the private packages (stories,
 * the apps) sit on top and may import any of them.
 */
const LAYERS: Record<string, readonly string[]> = {
  '@chatkit-session/core': [],
  '@chatkit-session/react': ['@chatkit-session/core'],
  '@chatkit-session/server': ['@chatkit-session/core'],
  '@chatkit-session/chatkit-server': ['@chatkit-session/core', '@chatkit-session/server'],
  '@chatkit-session/testing': [
    '@chatkit-session/core',
    '@chatkit-session/server',
    '@chatkit-session/chatkit-server',
  ],
}

/**
 * Relative imports that leave their package on purpose: the importing file (or folder, ending in
 * `/`), and the start of the path it reaches. The Vite demo's end-to-end suite drives the same
 * pieces as the Next demo's (from packages/stories) with the Next demo's harness (server,
 * browser, page model). chatkit-server's handler test checks
 * its 401 against the browser side of that contract, react's `createAuthorizedFetch`, which react
 * does not export and which a node test cannot reach through the hook.
 */
const CROSSINGS: readonly { from: string; into: string }[] = [
  { from: 'apps/vite-demo/e2e/', into: 'apps/next-demo/e2e/' },
  {
    from: 'packages/chatkit-server/src/__tests__/createChatKitHandler.test.ts',
    into: 'packages/react/src/createAuthorizedFetch.ts',
  },
]

/** Folders of output and installed packages: nothing in them is the package's own code. */
const OUTPUT_FOLDERS = new Set(['node_modules', 'dist', '.next', 'coverage', 'storybook-static'])
/** Folders that hold tests and their setup: what a package ships or runs is elsewhere. */
const TEST_FOLDERS = new Set(['__tests__', 'e2e'])
const SOURCE = /\.(ts|tsx|mts|js|mjs)$/
const DECLARATION = /\.d\.ts$/
const TEST_FILE = /(\.test\.tsx?|\.test-d\.ts|^vitest\.config\.ts)$/

interface Manifest {
  name: string
  private?: boolean
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}

interface WorkspacePackage {
  /** Its folder, relative to the repository root (`packages/react`). */
  dir: string
  manifest: Manifest
}

/** An import of one file: the specifier as written, and the file, relative to the root. */
interface Import {
  file: string
  specifier: string
}

function workspacePackages(): WorkspacePackage[] {
  return ['packages', 'apps'].flatMap((parent) =>
    readdirSync(join(root, parent))
      .map((name) => `${parent}/${name}`)
      .filter((dir) => existsSync(join(root, dir, 'package.json')))
      .map((dir) => ({
        dir,
        manifest: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest,
      })),
  )
}

/** The package's own code files, each marked as a test (or test setup) or not. */
function codeFiles(dir: string, inTests = false): { path: string; test: boolean }[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) {
      return OUTPUT_FOLDERS.has(entry.name) ? [] : codeFiles(path, inTests || TEST_FOLDERS.has(entry.name))
    }
    if (!SOURCE.test(entry.name) || DECLARATION.test(entry.name)) return []
    return [{ path, test: inTests || TEST_FILE.test(entry.name) }]
  })
}

/** The package's files that are not tests (a private package's stories count as its source). */
function sourceFiles(dir: string): string[] {
  return codeFiles(dir)
    .filter(({ test }) => !test)
    .map(({ path }) => path)
}

/** The package's tests and their setup files. */
function testFiles(dir: string): string[] {
  return codeFiles(dir)
    .filter(({ test }) => test)
    .map(({ path }) => path)
}

/** Every module specifier of `file`: static, type-only, re-exports and dynamic `import()`. */
function importsOf(file: string): Import[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true)
  return importedFiles.map(({ fileName }) => ({ file, specifier: fileName }))
}

/** `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/')
}

const isRelative = (specifier: string) => specifier.startsWith('.') || specifier.startsWith('/')
const isBuiltin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(specifier)

const SHIPPED_FIELDS = ['dependencies', 'peerDependencies'] as const
const ALL_FIELDS = [...SHIPPED_FIELDS, 'devDependencies'] as const

const packages = workspacePackages()
const published = packages.filter(({ manifest }) => manifest.private !== true)

/** What `file` (in the package at `dir`) reaches of another package by a relative path, if anything. */
function relativeCrossing(dir: string, file: string, specifier: string): string | undefined {
  const target = relative(root, resolve(root, dirname(file), specifier))
    .split(sep)
    .join('/')
  const crossing = CROSSINGS.some(({ from, into }) => file.startsWith(from) && target.startsWith(into))
  // The repository root's own files (vitest.workspace.ts's aliases) belong to no package.
  const intoOtherPackage = /^(packages|apps)\//.test(target) && !target.startsWith(`${dir}/`)
  return intoOtherPackage && !crossing ? `${file}: '${specifier}' reaches into ${target}` : undefined
}

/**
 * The imports of `files` that their package does not declare in `fields` of its package.json;
 * with `oursOnly`, only imports of our own packages are checked.
 */
function undeclaredImports(
  { dir, manifest }: WorkspacePackage,
  files: string[],
  fields: readonly ('dependencies' | 'peerDependencies' | 'devDependencies')[],
  oursOnly = false,
): string[] {
  const declared = new Set(fields.flatMap((field) => Object.keys(manifest[field] ?? {})))
  const problems: string[] = []
  for (const { file, specifier } of files.flatMap(importsOf)) {
    if (isBuiltin(specifier)) continue
    if (isRelative(specifier)) {
      const crossing = relativeCrossing(dir, file, specifier)
      if (crossing !== undefined) problems.push(crossing)
      continue
    }
    const name = packageName(specifier)
    if (oursOnly && !name.startsWith('@chatkit-session/')) continue
    if (name !== manifest.name && !declared.has(name)) problems.push(`${file}: '${specifier}' (${name})`)
  }
  return problems
}

describe('every import is declared by the package that makes it', () => {
  it.each(packages.map((pkg) => [pkg.dir, pkg] as const))('%s', (_dir, pkg) => {
    // What a published package ships must come with it: its devDependencies are not installed.
    const fields = pkg.manifest.private === true ? ALL_FIELDS : SHIPPED_FIELDS
    expect(undeclaredImports(pkg, sourceFiles(pkg.dir), fields)).toEqual([])
  })
})

// A test runs in the workspace, where Vitest's aliases resolve any of our packages: only the
// package.json keeps a test from leaning on a package its own package cannot depend on (testing
// depends on server, so server's tests cannot import testing).
describe('every test imports only its own package and what it declares, of ours', () => {
  it.each(packages.map((pkg) => [pkg.dir, pkg] as const))('%s', (_dir, pkg) => {
    expect(undeclaredImports(pkg, testFiles(pkg.dir), ALL_FIELDS, true)).toEqual([])
  })
})

describe('the published packages only depend downward', () => {
  it('every published package has a place in the layers', () => {
    expect(published.map(({ manifest }) => manifest.name).sort()).toEqual(Object.keys(LAYERS).sort())
  })

  it.each(published.map((pkg) => [pkg.manifest.name, pkg] as const))('%s', (name, { dir, manifest }) => {
    const ours = (names: string[]) =>
      [...new Set(names.filter((other) => other.startsWith('@chatkit-session/') && other !== name))].sort()
    const imported = ours(
      sourceFiles(dir)
        .flatMap(importsOf)
        .map(({ specifier }) => packageName(specifier)),
    )
    const shipped = ours(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }))
    const above = (names: string[]) => names.filter((other) => !LAYERS[name]?.includes(other))
    expect({ imported: above(imported), shipped: above(shipped) }).toEqual({ imported: [], shipped: [] })
  })
})
