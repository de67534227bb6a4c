import type { Annotation } from '../types.ts'

/** A citation of the Responses API in an output text, as the bridge hands it to your hook. */
export type ResponsesCitation =
  | {
      type: 'file_citation'
      fileId: string | undefined
      filename: string | undefined
      index: number | undefined
    }
  | {
      type: 'container_file_citation'
      containerId: string | undefined
      fileId: string | undefined
      filename: string | undefined
      startIndex: number | undefined
      endIndex: number | undefined
    }
  | {
      type: 'url_citation'
      url: string
      title: string | undefined
      startIndex: number | undefined
      endIndex: number | undefined
    }

/**
 * Your own conversion of a citation into a ChatKit annotation (a file source with a title and
 * a description from your records, an entity source...). Return `null` to leave it out,
 * `undefined` for the default ({@link defaultCitationAnnotation}). May be async.
 */
export type CitationToAnnotation = (
  citation: ResponsesCitation,
) => Annotation | null | undefined | Promise<Annotation | null | undefined>

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined
const int = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined)

/** A raw Responses annotation as a citation, or undefined for other annotations (`file_path`...). */
export function parseCitation(raw: unknown): ResponsesCitation | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  const entry = raw as Record<string, unknown>
  switch (entry.type) {
    case 'file_citation':
      return {
        type: 'file_citation',
        fileId: text(entry.file_id),
        filename: text(entry.filename),
        index: int(entry.index),
      }
    case 'container_file_citation':
      return {
        type: 'container_file_citation',
        containerId: text(entry.container_id),
        fileId: text(entry.file_id),
        filename: text(entry.filename),
        startIndex: int(entry.start_index),
        endIndex: int(entry.end_index),
      }
    case 'url_citation': {
      const url = text(entry.url)
      return url === undefined
        ? undefined
        : {
            type: 'url_citation',
            url,
            title: text(entry.title),
            startIndex: int(entry.start_index),
            endIndex: int(entry.end_index),
          }
    }
    default:
      return undefined
  }
}

/**
 * chatkit-python's conversion: a URL citation is a URL source at its end index; a file or
 * container file citation with a file name is a file source titled with the name (at the file
 * citation's index, the container citation's end index); one without a name is left out.
 */
export function defaultCitationAnnotation(citation: ResponsesCitation): Annotation | null {
  if (citation.type === 'url_citation')
    return {
      type: 'annotation',
      source: { type: 'url', url: citation.url, title: citation.title ?? citation.url },
      index: citation.endIndex ?? null,
    }
  if (citation.filename === undefined) return null
  return {
    type: 'annotation',
    source: { type: 'file', filename: citation.filename, title: citation.filename },
    index: (citation.type === 'file_citation' ? citation.index : citation.endIndex) ?? null,
  }
}

/** One raw annotation as a ChatKit annotation, through `convert` when given; null when left out. */
export async function citationAnnotation(
  raw: unknown,
  convert?: CitationToAnnotation,
): Promise<Annotation | null> {
  const citation = parseCitation(raw)
  if (!citation) return null
  const own = await convert?.(citation)
  return own === undefined ? defaultCitationAnnotation(citation) : own
}

/**
 * The citations of one output text part as ChatKit annotations. The SDK keeps the Responses
 * API's annotations in the part's `providerData.annotations`; those that convert to nothing
 * (other annotation types, file citations without a name) are left out, as chatkit-python does.
 */
export async function citationAnnotations(
  providerData: Record<string, unknown> | undefined,
  convert?: CitationToAnnotation,
): Promise<Annotation[]> {
  const raw = providerData?.annotations
  if (!Array.isArray(raw)) return []
  const out: Annotation[] = []
  for (const entry of raw as unknown[]) {
    const annotation = await citationAnnotation(entry, convert)
    if (annotation) out.push(annotation)
  }
  return out
}
