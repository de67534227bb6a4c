// @vitest-environment node
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const packagesDir = join(root, 'packages')

/** Tests, type tests and their helpers may import anything: only shipped source counts. */
const isTestFile = (path: string) => /(^|\/)__tests__\//.test(path) || /\.test(-d)?\.tsx?$/.test(path)

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : sourceFiles(path)
    return /\.tsx?$/.test(entry.name) && !isTestFile(path) ? [path] : []
  })
}

/** `@chatkit-session/<name>[/<entry>]` -> the source file its `exports` map points at. */
function workspaceEntries(): Map<string, string> {
  const entries = new Map<string, string>()
  for (const name of readdirSync(packagesDir)) {
    const manifestPath = join(packagesDir, name, 'package.json')
    if (!existsSync(manifestPath)) continue
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      name: string
      exports?: Record<string, string | { default?: string }>
    }
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const built = typeof target === 'string' ? target : target.default
      if (built === undefined || !built.endsWith('.js')) continue
      const source = built.replace(/^\.\/dist\//, './src/').replace(/\.js$/, '.ts')
      entries.set(join(manifest.name, subpath), resolve(packagesDir, name, source))
    }
  }
  return entries
}

/**
 * Every module each file imports or re-exports, `import type` and `export type` included
 * (`ts.preProcessFile` reads the specifiers without type information), as absolute paths.
 */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const entries = workspaceEntries()
  const known = new Set(files)
  const graph = new Map<string, string[]>()
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
    const targets = importedFiles.flatMap(({ fileName }) => {
      const target = fileName.startsWith('.')
        ? [resolve(dirname(file), fileName), resolve(dirname(file), `${fileName}.ts`)].find((path) =>
            known.has(path),
          )
        : entries.get(fileName)
      return target !== undefined && known.has(target) ? [target] : []
    })
    graph.set(file, [...new Set(targets)])
  }
  return graph
}

/** The import cycles of `graph`, one per strongly connected component, as `a -> b -> a`. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm; the graph is small, recursion is fine.
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const components: string[][] = []
  const visit = (node: string) => {
    index.set(node, next)
    low.set(node, next)
    next += 1
    stack.push(node)
    onStack.add(node)
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target)
        low.set(node, Math.min(low.get(node) ?? 0, low.get(target) ?? 0))
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(target) ?? 0))
      }
    }
    if (low.get(node) !== index.get(node)) return
    const component: string[] = []
    let member: string | undefined
    do {
      member = stack.pop()
      if (member === undefined) break
      onStack.delete(member)
      component.push(member)
    } while (member !== node)
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component)
  }
  for (const node of graph.keys()) if (!index.has(node)) visit(node)
  return components.map((component) => cyclePath(graph, new Set(component)))
}

/** One concrete cycle through a strongly connected component, for the failure message. */
function cyclePath(graph: ReadonlyMap<string, readonly string[]>, component: ReadonlySet<string>): string[] {
  const [start = ''] = [...component].sort()
  const path = [start]
  const seen = new Set(path)
  let current = start
  for (;;) {
    const targets = (graph.get(current) ?? []).filter((target) => component.has(target))
    if (targets.includes(start)) return [...path, start]
    const onward = targets.find((target) => !seen.has(target)) ?? targets[0]
    if (onward === undefined || seen.has(onward)) return [...path, onward ?? start]
    path.push(onward)
    seen.add(onward)
    current = onward
  }
}

describe('imports in packages/*/src', () => {
  it('form no cycle, type-only imports included', () => {
    const files = readdirSync(packagesDir)
      .map((name) => join(packagesDir, name, 'src'))
      .filter((dir) => existsSync(dir))
      .flatMap(sourceFiles)
    const cycles = findCycles(importGraph(files)).map((cycle) =>
      cycle.map((file) => relative(packagesDir, file)).join(' -> '),
    )
    expect(cycles).toEqual([])
  })

  it('reads type-only imports and re-exports as edges', () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-cycles-'))
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text)
      return join(dir, name)
    }
    const a = file('a.ts', "import type { B } from './b.ts'\nexport const a = (b: B) => b\n")
    const b = file('b.ts', "export type { C as B } from './c.ts'\n")
    const c = file('c.ts', "import { a } from './a.ts'\nexport type C = typeof a\n")
    try {
      expect(findCycles(importGraph([a, b, c]))).toEqual([[a, b, c, a]])
    } finally {
      rmSync(dir, { recursive: true })
    }
  })

  it('finds every cycle, and a module that imports itself', () => {
    expect(
      findCycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a', 'd']],
          ['d', []],
          ['e', ['e']],
        ]),
      ),
    ).toEqual([
      ['a', 'b', 'c', 'a'],
      ['e', 'e'],
    ])
  })
})
