/**
 * The raw OpenAI Responses API stream events the bridge reads, from the SDK's
 * `raw_model_stream_event` of type `model`. Parsed by hand: they come from the network, and the
 * SDK types them as `unknown`.
 */
export type ResponsesStreamEvent =
  /** A reasoning item began (`response.output_item.added`). */
  | { kind: 'reasoning_added'; itemId: string }
  /** Text of a reasoning summary part (`response.reasoning_summary_text.delta`). */
  | { kind: 'summary_delta'; itemId: string; summaryIndex: number; delta: string }
  /** A reasoning summary part finished (`response.reasoning_summary_text.done`). */
  | { kind: 'summary_done'; itemId: string; summaryIndex: number; text: string }
  /** The image generation tool began. */
  | { kind: 'image_added'; itemId: string }
  /** A partial image (`response.image_generation_call.partial_image`), base64. */
  | { kind: 'image_partial'; itemId: string; base64: string; partialIndex: number }
  /** The generated image (`response.output_item.done`), base64; no result when it failed. */
  | { kind: 'image_done'; itemId: string; base64: string | undefined }
  /** A web search began, with its query when the API already says it. */
  | { kind: 'web_search_added'; itemId: string; queries: string[] }
  /** A web search finished: its queries and the pages it read. */
  | { kind: 'web_search_done'; itemId: string; queries: string[]; sources: { url: string; title?: string }[] }
  /** A file search began. */
  | { kind: 'file_search_added'; itemId: string; queries: string[] }
  /** A file search finished: its queries and the files it found (results only when included). */
  | { kind: 'file_search_done'; itemId: string; queries: string[]; filenames: string[] }
  /** A citation added to an output text (`response.output_text.annotation.added`), raw. */
  | { kind: 'annotation_added'; itemId: string; contentIndex: number; annotation: unknown }

type Fields = Record<string, unknown>

const fields = (value: unknown): Fields | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined
const strings = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((entry): entry is string => typeof entry === 'string' && entry !== '')
    : []

/** A web search call's queries: its action's `query` and `queries`, without repeats. */
function searchQueries(item: Fields): string[] {
  const action = fields(item.action)
  const query = str(action?.query)
  return [...new Set([...(query ? [query] : []), ...strings(action?.queries)])]
}

/** The pages a web search call read (`action.sources`, present when the request includes them). */
function searchSources(item: Fields): { url: string; title?: string }[] {
  const sources = fields(item.action)?.sources
  if (!Array.isArray(sources)) return []
  return sources.flatMap((entry: unknown) => {
    const source = fields(entry)
    const url = str(source?.url)
    if (!url) return []
    const title = str(source?.title)
    return [title ? { url, title } : { url }]
  })
}

/** File names of a file search call's results, without repeats. */
function searchFilenames(item: Fields): string[] {
  const results = item.results
  if (!Array.isArray(results)) return []
  return [...new Set(results.flatMap((entry: unknown) => strings([fields(entry)?.filename])))]
}

function outputItemEvent(type: string, item: Fields): ResponsesStreamEvent | undefined {
  const itemId = str(item.id)
  if (itemId === undefined) return undefined
  const added = type === 'response.output_item.added'
  switch (item.type) {
    case 'reasoning':
      return added ? { kind: 'reasoning_added', itemId } : undefined
    case 'image_generation_call':
      return added
        ? { kind: 'image_added', itemId }
        : { kind: 'image_done', itemId, base64: str(item.result) }
    case 'web_search_call':
      return added
        ? { kind: 'web_search_added', itemId, queries: searchQueries(item) }
        : { kind: 'web_search_done', itemId, queries: searchQueries(item), sources: searchSources(item) }
    case 'file_search_call': {
      const queries = strings(item.queries)
      return added
        ? { kind: 'file_search_added', itemId, queries }
        : { kind: 'file_search_done', itemId, queries, filenames: searchFilenames(item) }
    }
    default:
      return undefined
  }
}

/** The event the bridge acts on, or undefined for every other (or malformed) raw event. */
export function responsesStreamEvent(raw: unknown): ResponsesStreamEvent | undefined {
  const event = fields(raw)
  const type = str(event?.type)
  if (!event || type === undefined) return undefined
  const itemId = str(event.item_id)
  switch (type) {
    case 'response.output_item.added':
    case 'response.output_item.done': {
      const item = fields(event.item)
      return item ? outputItemEvent(type, item) : undefined
    }
    case 'response.reasoning_summary_text.delta': {
      const summaryIndex = num(event.summary_index) ?? 0
      const delta = str(event.delta)
      return itemId !== undefined && delta !== undefined
        ? { kind: 'summary_delta', itemId, summaryIndex, delta }
        : undefined
    }
    case 'response.reasoning_summary_text.done': {
      const summaryIndex = num(event.summary_index) ?? 0
      const text = str(event.text)
      return itemId !== undefined && text !== undefined
        ? { kind: 'summary_done', itemId, summaryIndex, text }
        : undefined
    }
    case 'response.image_generation_call.partial_image': {
      const base64 = str(event.partial_image_b64)
      const partialIndex = num(event.partial_image_index)
      return itemId !== undefined && base64 !== undefined && partialIndex !== undefined
        ? { kind: 'image_partial', itemId, base64, partialIndex }
        : undefined
    }
    case 'response.output_text.annotation.added':
      return itemId === undefined
        ? undefined
        : {
            kind: 'annotation_added',
            itemId,
            contentIndex: num(event.content_index) ?? 0,
            annotation: event.annotation,
          }
    default:
      return undefined
  }
}
