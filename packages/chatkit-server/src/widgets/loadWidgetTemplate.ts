import { readFile } from 'node:fs/promises'
import { parseWidgetTemplate, type WidgetTemplate } from './parseWidgetTemplate.ts'

/**
 * Reads a Widget Builder `.widget` file and compiles it ({@link parseWidgetTemplate}). A relative
 * path is relative to the process' working directory; to name a file beside the calling module,
 * pass a URL: `loadWidgetTemplate(new URL('./order.widget', import.meta.url))`. Node only (it
 * reads the file system); in an edge runtime, import the file's JSON and call
 * `parseWidgetTemplate`.
 */
export async function loadWidgetTemplate<TData extends Record<string, unknown> = Record<string, unknown>>(
  path: string | URL,
): Promise<WidgetTemplate<TData>> {
  return parseWidgetTemplate<TData>(await readFile(path, 'utf8'))
}
