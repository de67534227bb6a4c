import {
  widgetAction,
  type RespondFunction,
  type ThreadStreamEvent,
  type WidgetActionHandler,
  type WidgetItem,
} from '@chatkit-session/chatkit-server'
import { diffWidget, parseWidgetTemplate, streamWidget } from '@chatkit-session/chatkit-server/widgets'
import { z } from 'zod'
// A Widget Builder `.widget` file (JSON), named `.json` so that Next.js and Vite bundle it as is.
import weatherWidgetFile from './weather.widget.json'

/** The demo's weather card: the template of `weather.widget.json`, its data checked by its schema. */
export const weatherTemplate = parseWidgetTemplate(weatherWidgetFile)

/** Whether a message asks about the weather: the scripted responder answers it with the card. */
export const asksForWeather = (text: string) => /\bweather\b/i.test(text)

/** The city a message names after "in" ("weather in Lyon"), else Paris. */
export function cityOf(text: string): string {
  const named = /\bin\s+([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ' -]{0,40})/.exec(text)?.[1]?.trim()
  return named && named.length > 0 ? named : 'Paris'
}

const CONDITIONS = ['Sunny', 'Cloudy', 'Light rain', 'Windy', 'Clear'] as const
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'] as const

/** A made-up forecast, the same for the same city and refresh count: no network, nothing random. */
export function forecast(city: string, updates: number) {
  let hash = 2166136261
  for (const char of `${city.toLowerCase()}#${updates}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619)
  const seed = hash >>> 0
  const temperature = 8 + (seed % 23)
  const condition = CONDITIONS[seed % CONDITIONS.length] ?? 'Clear'
  return {
    city,
    temperature,
    condition,
    updates,
    days: DAYS.map((name, index) => ({ name, high: temperature - 2 + ((seed >> (index * 3)) % 5) })),
    summary: `${condition} in ${city} at ${temperature}°C. A scripted forecast from the demo, no network: press Refresh for another.`,
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve()
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
  })

/** The card's successive states: its summary growing word by word, then done. */
async function* cardStates(city: string, updates: number, wordDelayMs: number, signal: AbortSignal) {
  const { summary, ...data } = forecast(city, updates)
  const words = summary.split(' ')
  for (let count = 0; count < words.length && !signal.aborted; count++) {
    yield weatherTemplate.build({ ...data, summary: words.slice(0, count).join(' '), streaming: true })
    await sleep(wordDelayMs, signal)
  }
  yield weatherTemplate.build({ ...data, summary, streaming: false })
}

/** Answers a weather message with the card, its summary streaming in. */
export function createWeatherResponder<TContext>(wordDelayMs: number): RespondFunction<TContext> {
  return async function* (thread, input, _context, { generateItemId, now, signal }) {
    const text = input?.content.map((part) => part.text).join(' ') ?? ''
    yield* streamWidget({
      threadId: thread.id,
      id: generateItemId('message'),
      createdAt: now(),
      widget: cardStates(cityOf(text), 0, wordDelayMs, signal),
      copyText: `The weather in ${cityOf(text)}`,
    })
  }
}

/**
 * The card's Refresh button (`weather.refresh`): the card it came from changes in place, its
 * summary streaming in again, and is saved with the new forecast.
 */
export function weatherRefreshAction<TContext>(
  wordDelayMs: number,
): WidgetActionHandler<TContext, { city: string; updates: number }> {
  return widgetAction({
    payload: z.object({ city: z.string().min(1).max(80), updates: z.int().min(1).max(10_000) }),
    async *stream({ action, sender }, { signal }): AsyncGenerator<ThreadStreamEvent> {
      if (!sender) return
      let widget = sender.widget
      for await (const state of cardStates(
        action.payload.city,
        action.payload.updates,
        wordDelayMs,
        signal,
      )) {
        for (const update of diffWidget(widget, state))
          yield { type: 'thread.item.updated', item_id: sender.id, update }
        widget = state
      }
      const item: WidgetItem = { ...sender, widget }
      yield { type: 'thread.item.replaced', item }
    },
  })
}
