import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { runCommand } from './runCommand.ts'

/** The published packages, by their directory under packages/. */
export const PACKAGES = ['core', 'react', 'server', 'chatkit-server', 'testing'] as const

/**
 * Packs each package's built `dist/` with `pnpm pack` (which rewrites `workspace:` ranges, as
 * publishing does) into `destination`, named by a hash of its content, so a consumer app's
 * `package.json` changes exactly when a tarball does. Returns package name -> tarball path.
 */
export async function packTarballs(repoRoot: string, destination: string): Promise<Record<string, string>> {
  mkdirSync(destination, { recursive: true })
  const scratch = mkdtempSync(join(destination, 'pack-'))
  try {
    const tarballs: Record<string, string> = {}
    for (const directory of PACKAGES) {
      const packageDir = join(repoRoot, 'packages', directory)
      if (!existsSync(join(packageDir, 'dist', 'index.js'))) {
        throw new Error(
          `packages/${directory}/dist is missing: run \`pnpm build\` before the consumer matrix`,
        )
      }
      const packed = await runCommand('pnpm', ['pack', '--pack-destination', scratch], {
        cwd: packageDir,
        timeoutMs: 60_000,
      })
      const [file] = readdirSync(scratch)
      if (packed.code !== 0 || file === undefined)
        throw new Error(`pnpm pack failed in packages/${directory}:\n${packed.output}`)
      const hash = createHash('sha256')
        .update(readFileSync(join(scratch, file)))
        .digest('hex')
        .slice(0, 12)
      const target = join(destination, `chatkit-session-${directory}-${hash}.tgz`)
      renameSync(join(scratch, file), target)
      const { name } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { name: string }
      tarballs[name] = target
    }
    // Older tarballs of this checkout are never referenced again.
    const current = new Set(Object.values(tarballs))
    for (const file of readdirSync(destination)) {
      if (file.endsWith('.tgz') && !current.has(join(destination, file))) rmSync(join(destination, file))
    }
    return tarballs
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
