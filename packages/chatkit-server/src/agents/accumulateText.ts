import type { RunStreamEvent } from '@openai/agents'
import type { WidgetRoot } from '../types.ts'

/**
 * A text widget (a `Text` or `Markdown` component) filled as an agent's answer streams: `base`
 * first, then a copy with `value` set to the text so far for each text delta, and last a copy
 * with the whole text and `streaming: false`. For a widget that shows an agent's answer while it
 * is written, as chatkit-python's `accumulate_text` does; the copies are new objects each time.
 *
 * ```ts
 * const result = await run(summarizer, input, { stream: true })
 * for await (const widget of accumulateText(result, { type: 'Markdown', id: 'summary', value: '', streaming: true }))
 *   render(widget)
 * ```
 */
export async function* accumulateText<TWidget extends WidgetRoot>(
  events: AsyncIterable<RunStreamEvent>,
  base: TWidget,
): AsyncGenerator<TWidget> {
  let text = ''
  yield base
  for await (const event of events) {
    if (event.type !== 'raw_model_stream_event' || event.data.type !== 'output_text_delta') continue
    text += event.data.delta
    yield { ...base, value: text }
  }
  yield { ...base, value: text, streaming: false }
}
