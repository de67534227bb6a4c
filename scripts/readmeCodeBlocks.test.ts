// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'

/**
 * Every ```ts / ```tsx / ```typescript block of every README compiles, against the packages'
 * source (the `paths` of tsconfig.base.json) and the dependencies installed in the workspace, in
 * one TypeScript program. A renamed prop or export then fails here, not in a reader's editor.
 *
 * Each block is its own module. Two HTML comments, invisible on GitHub, go right before a fence:
 * - `<!-- compile-prelude ... -->`: code the block assumes but does not show (a variable an
 *   earlier block made, a test runner's global). It is compiled in front of the block.
 * - `<!-- not-compiled: reason -->`: the block is not meant to compile. Keep these rare.
 * Relative imports and the `@/auth` alias of the examples resolve to the stubs below, typed with
 * the packages' real types: they stand for the files the READMEs describe.
 */

const root = fileURLToPath(new URL('..', import.meta.url))

/** What the READMEs import from files of the reader's app. */
const stubs: Record<string, string> = {
  // The server actions file of the react README (section 2) and of the server README.
  './actions': `
    import type { createChatKitCancelAction, createChatKitSessionAction, createChatKitTokenAction } from '@chatkit-session/server'
    export declare function createSession(): ReturnType<ReturnType<typeof createChatKitSessionAction>>
    export declare function cancelSession(sessionId: string, cancelHandle?: string): ReturnType<ReturnType<typeof createChatKitCancelAction>>
    export declare function createChatKitToken(): ReturnType<ReturnType<typeof createChatKitTokenAction>>
  `,
  './chatkit/actions': `
    import type { createChatKitCancelAction, createChatKitSessionAction } from '@chatkit-session/server'
    export declare function createChatKitSession(input?: { state_variables?: { locale?: string } }): ReturnType<ReturnType<typeof createChatKitSessionAction>>
    export declare function cancelChatKitSession(sessionId: string, cancelHandle?: string): ReturnType<ReturnType<typeof createChatKitCancelAction>>
  `,
  // The components of the react README's sections 2c and 3.
  './ChatShell': `
    import type { InitialSession } from '@chatkit-session/react'
    import type { ReactNode } from 'react'
    export declare function ChatShell(props: { initialSession: InitialSession }): ReactNode
  `,
  './Chat': `
    import type { ReactNode } from 'react'
    export declare function Chat(): ReactNode
  `,
  // The ChatKit server of chatkit-server's README: createChatKitServer({ store, respond }).
  '@/lib/chatkit': `
    import type { ChatKitServer } from '@chatkit-session/chatkit-server'
    import type { ChatKitUserContext } from '@chatkit-session/chatkit-server/fetch'
    export declare const server: ChatKitServer<ChatKitUserContext>
  `,
  // An auth library in the style of Auth.js.
  '@/auth': `
    export declare function auth(): Promise<{ user?: { id?: string } } | null>
  `,
}

/**
 * Option and result tables, and the type whose properties each must list: every property, and
 * no name that is not one. `table` counts the tables under `heading`, from 0.
 */
const tables: {
  readme: string
  heading: string
  table: number
  type: string
  from: string
  /** Type arguments of a generic type, as `<unknown>`. */
  args?: string
}[] = [
  ...(['UseChatKitSessionOptions', 'UseChatKitSessionResult'] as const).map((type, table) => ({
    readme: 'packages/react/README.md',
    heading: '## `useChatKitSession(options)`',
    table,
    type,
    from: '@chatkit-session/react',
  })),
  {
    readme: 'packages/react/README.md',
    heading: '## 2b. The hook wired to an HTTP endpoint (Vite, React Router, any server)',
    table: 0,
    type: 'SessionFetcherOptions',
    from: '@chatkit-session/react',
  },
  ...(
    [
      ['### Configuration', 0, 'CreateChatKitSessionActionConfig'],
      [
        '## Any server: Fetch API handlers (`@chatkit-session/server/fetch`)',
        1,
        'ChatKitFetchHandlerOptions',
      ],
      ['### The token action', 0, 'CreateChatKitTokenActionConfig'],
      ['### Verifying in a Node ChatKit server', 1, 'VerifyChatKitTokenOptions'],
      ['### `limits`', 0, 'IssuanceLimits'],
      ['### The Redis store', 0, 'RedisLimitStoreOptions'],
      ['### Anonymous visitors', 0, 'VisitorCookieOptions'],
    ] as const
  ).map(([heading, table, type]) => ({
    readme: 'packages/server/README.md',
    heading,
    table,
    type,
    from: '@chatkit-session/server',
  })),
  {
    readme: 'packages/chatkit-server/README.md',
    heading: '### `createPostgresStore(options)`',
    table: 0,
    type: 'PostgresStoreOptions',
    from: '@chatkit-session/chatkit-server/postgres',
  },
  {
    readme: 'packages/chatkit-server/README.md',
    heading: '### `createChatKitHandler` options',
    table: 0,
    type: 'CreateChatKitHandlerOptions',
    from: '@chatkit-session/chatkit-server/fetch',
  },
  {
    readme: 'packages/chatkit-server/README.md',
    heading: '### `createChatKitAttachments(options)`',
    table: 0,
    type: 'CreateChatKitAttachmentsOptions',
    from: '@chatkit-session/chatkit-server/attachments',
    args: '<{ userId: string }>',
  },
  {
    readme: 'packages/chatkit-server/README.md',
    heading: '## An Agents SDK agent (`@chatkit-session/chatkit-server/agents`)',
    table: 0,
    type: 'CreateAgentResponderOptions',
    from: '@chatkit-session/chatkit-server/agents',
  },
  {
    readme: 'packages/chatkit-server/README.md',
    heading: '### Streamed widgets',
    table: 0,
    type: 'StreamWidgetOptions',
    from: '@chatkit-session/chatkit-server/widgets',
  },
  {
    readme: 'packages/testing/README.md',
    heading: '### Options',
    table: 0,
    type: 'StartChatKitEmulatorOptions',
    from: '@chatkit-session/testing/emulator',
  },
  ...(
    [
      ['### Options', 'CreateChatKitServerOptions'],
      ['## `createMemoryStore(options)`', 'MemoryStoreOptions'],
    ] as const
  ).map(([heading, type]) => ({
    readme: 'packages/chatkit-server/README.md',
    heading,
    table: 0,
    type,
    from: '@chatkit-session/chatkit-server',
    args: '<unknown>',
  })),
]

/** Dependencies some blocks import that only an app or a package installs (next, hono, ChatKit's React bindings). */
const fallbackDirs = ['apps/next-demo', 'apps/vite-demo', 'packages/react'].map((dir) => join(root, dir))

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.next', 'dist', 'coverage', 'storybook-static'])
const LANGUAGES: Record<string, '.ts' | '.tsx'> = { ts: '.ts', typescript: '.ts', tsx: '.tsx' }

interface CodeBlock {
  /** The README, relative to the repository root. */
  readme: string
  /** 1-based line of the block's first line of code. */
  line: number
  extension: '.ts' | '.tsx'
  code: string
  prelude: { line: number; code: string } | undefined
  skipReason: string | undefined
}

function findReadmes(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : findReadmes(join(dir, entry.name))
    return entry.name === 'README.md' ? [join(dir, entry.name)] : []
  })
}

/** The HTML comment that ends right above line `index` (blank lines between allowed), or undefined. */
function commentAbove(lines: string[], index: number): { line: number; text: string } | undefined {
  let end = index - 1
  while (end >= 0 && lines[end]?.trim() === '') end--
  if (end < 0 || !lines[end]?.trimEnd().endsWith('-->')) return undefined
  let start = end
  while (start >= 0 && !lines[start]?.trimStart().startsWith('<!--')) start--
  if (start < 0) return undefined
  return { line: start + 1, text: lines.slice(start, end + 1).join('\n') }
}

function extractBlocks(file: string): CodeBlock[] {
  const readme = relative(root, file)
  const lines = readFileSync(file, 'utf8').split('\n')
  const blocks: CodeBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i] ?? '')
    if (!open) continue
    const [, indent = '', fence = '', language = ''] = open
    let close = i + 1
    while (close < lines.length && !(lines[close] ?? '').trim().startsWith(fence)) close++
    const extension = LANGUAGES[language.toLowerCase()]
    if (extension) {
      const code = lines
        .slice(i + 1, close)
        .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
        .join('\n')
      const comment = commentAbove(lines, i)
      const skip = comment && /^<!--\s*not-compiled:(.*?)-->$/s.exec(comment.text.trim())
      if (skip && !skip[1]?.trim()) throw new Error(`${readme}:${comment.line}: not-compiled needs a reason`)
      const prelude = comment && /^<!--\s*compile-prelude\b(.*?)-->$/s.exec(comment.text.trim())
      blocks.push({
        readme,
        line: i + 2,
        extension,
        code,
        // The prelude's code starts on the comment's first line, after the keyword.
        prelude: prelude ? { line: comment.line, code: prelude[1] ?? '' } : undefined,
        skipReason: skip ? skip[1]?.trim() : undefined,
      })
    }
    i = close
  }
  return blocks
}

/** The names in the first column of a table under a heading, and the table's line. */
function tableNames(spec: (typeof tables)[number]): { line: number; names: string[] } {
  const lines = readFileSync(join(root, spec.readme), 'utf8').split('\n')
  const start = lines.indexOf(spec.heading)
  if (start < 0) throw new Error(`${spec.readme}: no heading ${spec.heading}`)
  let found = -1
  let fence: string | undefined
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (marker && (fence === undefined || line.trim().startsWith(fence))) fence = fence ? undefined : marker
    if (fence !== undefined) continue
    if (line.startsWith('#')) break
    if (!line.startsWith('|') || lines[i - 1]?.startsWith('|')) continue
    if (++found < spec.table) continue
    const rows = []
    for (let row = i + 2; lines[row]?.startsWith('|'); row++) rows.push(lines[row] ?? '')
    const names = rows.flatMap((row) =>
      [...(row.split('|')[1] ?? '').matchAll(/`([A-Za-z_$][\w$]*)/g)].map((match) => match[1] ?? ''),
    )
    return { line: i + 1, names: [...new Set(names)].sort() }
  }
  throw new Error(`${spec.readme}: no table ${spec.table} under ${spec.heading}`)
}

const readmes = findReadmes(root).sort()
const blocks = readmes.flatMap(extractBlocks)
const compiled = blocks.filter((block) => block.skipReason === undefined)
const exempted = blocks.filter((block) => block.skipReason !== undefined)

/** Where a block lives in the program: beside its README, so its dependencies resolve from there. */
const blockFile = (block: CodeBlock) => join(root, `${block.readme}.line-${block.line}${block.extension}`)
const stubFile = (specifier: string) => join(root, '.readme-stubs', `${specifier.replace(/[^\w]+/g, '_')}.ts`)

const tablesFile = join(root, '.readme-stubs', 'tables.ts')

interface VirtualFile {
  text: string
  /** README line of each line of `text`. */
  readmeLines?: number[]
  readme?: string
}

function virtualFiles(): Map<string, VirtualFile> {
  const files = new Map<string, VirtualFile>()
  for (const [specifier, text] of Object.entries(stubs)) files.set(stubFile(specifier), { text })
  files.set(tablesFile, {
    text: tables
      .map(
        ({ type, from, args = '' }, i) =>
          `import type { ${type} as T${i} } from '${from}'\nexport declare const t${i}: T${i}${args}`,
      )
      .join('\n'),
  })
  for (const block of compiled) {
    const preludeLines = block.prelude?.code.split('\n') ?? []
    const codeLines = block.code.split('\n')
    files.set(blockFile(block), {
      text: [...preludeLines, ...codeLines].join('\n'),
      readme: block.readme,
      readmeLines: [
        ...preludeLines.map((_, i) => (block.prelude?.line ?? 0) + i),
        ...codeLines.map((_, i) => block.line + i),
      ],
    })
  }
  return files
}

function createCompiler(files: Map<string, VirtualFile>) {
  const config = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile)
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    types: ['node'],
  }
  const host = ts.createCompilerHost(options, true)
  const { fileExists, readFile, getSourceFile } = host
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name)
  host.readFile = (name) => files.get(name)?.text ?? readFile.call(host, name)
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    const file = files.get(name)
    return file
      ? ts.createSourceFile(name, file.text, languageVersion, true)
      : getSourceFile.call(host, name, languageVersion, onError, shouldCreate)
  }
  const cache = ts.createModuleResolutionCache(root, (name) => name, options)
  const resolve = (name: string, containingFile: string, mode: ts.ResolutionMode) =>
    ts.resolveModuleName(name, containingFile, options, host, cache, undefined, mode)
  host.resolveModuleNameLiterals = (literals, containingFile, _redirect, _options, sourceFile) =>
    literals.map((literal) => {
      const name = literal.text
      const mode = ts.getModeForUsageLocation(sourceFile, literal, options)
      const isBlock = files.has(containingFile) && !containingFile.startsWith(join(root, '.readme-stubs'))
      if (isBlock && name in stubs)
        return {
          resolvedModule: { resolvedFileName: stubFile(name), extension: ts.Extension.Ts },
        }
      const found = resolve(name, containingFile, mode)
      if (found.resolvedModule || name.startsWith('.') || !files.has(containingFile)) return found
      for (const dir of fallbackDirs) {
        const fallback = resolve(name, join(dir, 'index.ts'), mode)
        if (fallback.resolvedModule) return fallback
      }
      return found
    })
  return ts.createProgram({ rootNames: [...files.keys()], options, host })
}

function describeDiagnostic(diagnostic: ts.Diagnostic, files: Map<string, VirtualFile>): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ')
  const file = diagnostic.file && files.get(diagnostic.file.fileName)
  if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${message}`
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
  const where = file?.readme
    ? `${file.readme}:${file.readmeLines?.[line] ?? '?'}:${character + 1}`
    : `${relative(root, diagnostic.file.fileName)}:${line + 1}:${character + 1}`
  return `${where} TS${diagnostic.code}: ${message}`
}

const diagnosticsOf = (program: ts.Program, source: ts.SourceFile) => [
  ...program.getSyntacticDiagnostics(source),
  ...program.getSemanticDiagnostics(source),
]

describe('README code blocks', () => {
  const files = virtualFiles()
  let program: ts.Program

  beforeAll(() => {
    program = createCompiler(files)
  })

  it('finds the READMEs and their TypeScript blocks', () => {
    expect(readmes.map((file) => relative(root, file))).toContain('packages/react/README.md')
    expect(compiled.length).toBeGreaterThan(20)
  })

  it('has no compiler option errors and every stub compiles', () => {
    const diagnostics = [
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...[...Object.keys(stubs).map(stubFile), tablesFile].flatMap((file) => {
        const source = program.getSourceFile(file)
        return source ? diagnosticsOf(program, source) : []
      }),
    ]
    expect(diagnostics.map((diagnostic) => describeDiagnostic(diagnostic, files))).toEqual([])
  })

  it.each(tables.map((spec, i) => [`${spec.readme}: ${spec.type}`, spec, i] as const))(
    '%s: the table lists every property',
    (_name, spec, i) => {
      const source = program.getSourceFile(tablesFile)
      const declaration = source?.statements
        .filter(ts.isVariableStatement)
        .flatMap((statement) => statement.declarationList.declarations)
        .find((declaration) => declaration.name.getText() === `t${i}`)
      expect(declaration, 'the type resolves').toBeDefined()
      if (!declaration) return
      const checker = program.getTypeChecker()
      const type = checker.getTypeAtLocation(declaration.name)
      const members = type.isUnion() ? type.types : [type]
      const properties = new Set(members.flatMap((member) => checker.getPropertiesOfType(member)))
      const expected = [...new Set([...properties].map((property) => property.name))].sort()
      const { line, names } = tableNames(spec)
      expect(expected.length, `${spec.type} has properties`).toBeGreaterThan(0)
      expect(
        {
          missing: expected.filter((name) => !names.includes(name)),
          unknown: names.filter((name) => !expected.includes(name)),
        },
        `the table at ${spec.readme}:${line}`,
      ).toEqual({ missing: [], unknown: [] })
    },
  )

  it.each(compiled.map((block) => [`${block.readme}:${block.line}`, block] as const))(
    '%s compiles',
    (_name, block) => {
      const source = program.getSourceFile(blockFile(block))
      expect(source, 'the block is in the program').toBeDefined()
      const diagnostics = source ? diagnosticsOf(program, source) : []
      expect(diagnostics.map((diagnostic) => describeDiagnostic(diagnostic, files))).toEqual([])
    },
  )

  // Listed as skipped, with their reasons, so an exemption shows in every run.
  if (exempted.length > 0)
    it.skip.each(exempted.map((block) => [`${block.readme}:${block.line}`, block.skipReason] as const))(
      '%s is not compiled: %s',
      () => {},
    )
})
