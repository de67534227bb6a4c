import type { Annotation } from '../types.ts'

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined
const int = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined)

/**
 * The citations of one output text part as ChatKit annotations. The SDK keeps the Responses
 * API's annotations in the part's `providerData.annotations`: a `url_citation` becomes a URL
 * source, a `file_citation` or `container_file_citation` with a file name a file source; others
 * (and file citations without a name) are left out, as chatkit-python does.
 */
export function citationAnnotations(providerData: Record<string, unknown> | undefined): Annotation[] {
  const raw = providerData?.annotations
  if (!Array.isArray(raw)) return []
  return raw.flatMap((entry: unknown): Annotation[] => {
    if (typeof entry !== 'object' || entry === null) return []
    const citation = entry as Record<string, unknown>
    if (citation.type === 'url_citation') {
      const url = text(citation.url)
      if (!url) return []
      return [
        {
          type: 'annotation',
          source: { type: 'url', url, title: text(citation.title) ?? url },
          index: int(citation.end_index) ?? null,
        },
      ]
    }
    if (citation.type === 'file_citation' || citation.type === 'container_file_citation') {
      const filename = text(citation.filename)
      if (!filename) return []
      return [
        {
          type: 'annotation',
          source: { type: 'file', filename, title: filename },
          index: int(citation.type === 'file_citation' ? citation.index : citation.end_index) ?? null,
        },
      ]
    }
    return []
  })
}
