import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import type { WidgetItem } from '@chatkit-session/chatkit-server'
import { applyEvent, type ChatItem, type ChatState } from './chatProtocol.ts'
import { forecast, weatherRefreshAction, weatherTemplate } from './scriptedWeather.ts'
import { StoryCard } from './StoryCard.tsx'
import { WidgetView, type WidgetAction, type WidgetNode } from './WidgetView.tsx'

/** The card as the demo's `.widget` file builds it, with the summary cut to `words` words. */
function card(updates: number, words?: number): WidgetNode {
  const { summary, ...data } = forecast('Paris', updates)
  const shown = words === undefined ? summary : summary.split(' ').slice(0, words).join(' ')
  return weatherTemplate.build({ ...data, summary: shown, streaming: words !== undefined })
}

const item = (widget: WidgetNode): WidgetItem => ({
  type: 'widget',
  id: 'msg_weather',
  thread_id: 'thr_story',
  created_at: '2026-12-07T12:00:00.000Z',
  widget,
})

/**
 * The card, its Refresh button answered by the demo server's own `weather.refresh` handler: its
 * events (the summary's text deltas, then the replaced item) are applied as the chat applies them.
 */
function WeatherCard({ widget }: { widget: WidgetNode }) {
  const [chat, setChat] = useState<ChatState>({ thread: null, items: [item(widget)], error: null })
  const [busy, setBusy] = useState(false)
  const shown = chat.items[0] as (ChatItem & { widget?: WidgetNode }) | undefined
  const refresh = async (action: WidgetAction) => {
    const sender = chat.items[0] as WidgetItem
    const handler = weatherRefreshAction<undefined>(15)
    const payload = handler.payload.parse(action.payload)
    setBusy(true)
    const options = {
      signal: new AbortController().signal,
      metadata: {},
      generateItemId: () => 'msg_unused',
      now: () => new Date().toISOString(),
    }
    const thread = {
      id: 'thr_story',
      created_at: sender.created_at,
      status: { type: 'active' as const },
      metadata: {},
    }
    for await (const event of handler.stream?.(
      { thread, action: { type: action.type, payload }, sender, context: undefined },
      options,
    ) ?? [])
      setChat((state) => applyEvent(state, event))
    setBusy(false)
  }
  return (
    <StoryCard>
      {shown?.widget && (
        <WidgetView widget={shown.widget} busy={busy} onAction={(action) => void refresh(action)} />
      )}
    </StoryCard>
  )
}

/**
 * The demo's weather card (a Widget Builder `.widget` file built by `parseWidgetTemplate`) as the
 * stand-in chat draws it: before, while its summary streams, and after Refresh changed it in place.
 */
const meta = {
  title: 'widgets/Weather card',
  component: WeatherCard,
  args: { widget: card(0) },
} satisfies Meta<typeof WeatherCard>

export default meta
type Story = StoryObj<typeof meta>

const summaryOf = (canvas: ReturnType<typeof within>) => canvas.getByText(/in Paris at/)

/** Built whole: the title, the temperature, the forecast, and a Refresh button to press. */
export const Before: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('heading', { name: 'Paris' })).toBeVisible()
    await expect(canvas.getByText('Just now')).toBeVisible()
    await expect(summaryOf(canvas)).not.toHaveAttribute('aria-busy')
    await expect(canvas.getByText(/press Refresh for another\.$/)).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Refresh' })).toBeEnabled()
  },
}

/** Its summary half streamed: marked busy, cut after a few words. */
export const Streaming: Story = {
  args: { widget: card(0, 4) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const summary = summaryOf(canvas)
    await expect(summary).toHaveAttribute('aria-busy', 'true')
    await expect(summary.textContent?.split(' ')).toHaveLength(4)
    await expect(canvas.queryByText(/press Refresh for another\.$/)).toBeNull()
  },
}

/** Refresh pressed: the same card, changed in place, its summary streamed in again. */
export const AfterRefresh: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const before = canvasElement.querySelector('[data-widget="Card"]')
    await userEvent.click(canvas.getByRole('button', { name: 'Refresh' }))
    await waitFor(() => expect(canvas.getByText('Refreshed 1 time')).toBeVisible(), { timeout: 5_000 })
    await waitFor(() => expect(canvas.getByText(/press Refresh for another\.$/)).toBeVisible(), {
      timeout: 5_000,
    })
    await expect(summaryOf(canvas)).not.toHaveAttribute('aria-busy')
    await expect(summaryOf(canvas)).toHaveTextContent(`${forecast('Paris', 1).temperature}°C`)
    // Changed in place: the card on screen is the one that was there.
    await expect(canvasElement.querySelector('[data-widget="Card"]')).toBe(before)
    await expect(canvas.getByRole('button', { name: 'Refresh' })).toBeEnabled()
  },
}
