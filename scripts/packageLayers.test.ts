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

/** Folders that hold tests, test setup or output: what a package ships or runs is elsewhere. */
const SKIPPED_FOLDERS = new Set([
  'node_modules',
  'dist',
  '.next',
  'coverage',
  'storybook-static',
  '__tests__',
  'e2e',
])
const SOURCE = /\.(ts|tsx|mts|js|mjs)$/
const TEST_ONLY = /(\.test\.tsx?|\.test-d\.ts|\.d\.ts|^vitest\.config\.ts)$/

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

/** The package's files that are not tests (a private package's stories count as its source). */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : sourceFiles(path)
    return SOURCE.test(entry.name) && !TEST_ONLY.test(entry.name) ? [path] : []
  })
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

const packages = workspacePackages()
const published = packages.filter(({ manifest }) => manifest.private !== true)

/** Each package's non-test imports, checked against what its package.json declares. */
function undeclaredImports({ dir, manifest }: WorkspacePackage): string[] {
  // What a published package ships must come with it: its devDependencies are not installed.
  const declared = new Set(
    Object.keys({
      ...manifest.dependencies,
      ...manifest.peerDependencies,
      ...(manifest.private === true ? manifest.devDependencies : {}),
    }),
  )
  const problems: string[] = []
  for (const { file, specifier } of sourceFiles(dir).flatMap(importsOf)) {
    if (isBuiltin(specifier)) continue
    if (isRelative(specifier)) {
      const target = relative(root, resolve(root, dirname(file), specifier))
        .split(sep)
        .join('/')
      // The repository root's own files (vitest.workspace.ts's aliases) belong to no package.
      const intoOtherPackage = /^(packages|apps)\//.test(target) && !target.startsWith(`${dir}/`)
      if (intoOtherPackage) problems.push(`${file}: '${specifier}' reaches into ${target}`)
      continue
    }
    const name = packageName(specifier)
    if (name !== manifest.name && !declared.has(name)) problems.push(`${file}: '${specifier}' (${name})`)
  }
  return problems
}

describe('every import is declared by the package that makes it', () => {
  it.each(packages.map((pkg) => [pkg.dir, pkg] as const))('%s', (_dir, pkg) => {
    expect(undeclaredImports(pkg)).toEqual([])
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
