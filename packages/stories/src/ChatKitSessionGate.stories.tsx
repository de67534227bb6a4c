import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import {
  ChatKitSessionBadge,
  ChatKitSessionGate,
  type ChatKitSessionGateProps,
} from '@chatkit-session/react/components'
import { SessionDetails } from './SessionDetails.tsx'
import { StoryCard } from './StoryCard.tsx'
import {
  fakeSessionArgTypes,
  fakeSessionDefaults,
  withFakeSession,
  type FakeSessionArgs,
} from './withFakeSession.tsx'

type GateStoryArgs = Pick<ChatKitSessionGateProps, 'keepMountedOnExpiry' | 'widgetTimeoutMs'> &
  FakeSessionArgs

const panel = { border: '1px solid #d1d5db', borderRadius: '10px', padding: '0.75em 1em', minWidth: '18em' }

/**
 * The gate renders its children only while a client secret is available, the fallback while
 * there is none yet, and the error fallback (with a working retry) when the session stopped on
 * an error. The badge above each story shows the session's state.
 */
const meta = {
  component: ChatKitSessionGate,
  decorators: [withFakeSession],
  args: { keepMountedOnExpiry: true, ...fakeSessionDefaults },
  argTypes: fakeSessionArgTypes,
  render: ({ keepMountedOnExpiry, widgetTimeoutMs }) => (
    <StoryCard>
      <ChatKitSessionBadge />
      <ChatKitSessionGate
        keepMountedOnExpiry={keepMountedOnExpiry}
        widgetTimeoutMs={widgetTimeoutMs}
        // Somewhere to keep focus when Retry goes away, and to say "busy" while the chat loads.
        wrapper={{ role: 'region', 'aria-label': 'Chat' }}
        fallback={<p style={{ ...panel, color: '#6b7280' }}>Connecting to the chat…</p>}
        // Not role="alert": the badge above announces the failure already, and once is enough.
        errorFallback={({ error, retry }) => (
          <div data-testid="chat-error" style={{ ...panel, borderColor: '#fca5a5', background: '#fef2f2' }}>
            <p style={{ margin: '0 0 0.5em' }}>The chat could not start ({error.code}).</p>
            <button type="button" onClick={() => void retry()}>
              Try again
            </button>
          </div>
        )}
      >
        <p style={{ ...panel, borderColor: '#86efac', background: '#f0fdf4' }}>The chat is ready.</p>
      </ChatKitSessionGate>
      <SessionDetails />
    </StoryCard>
  ),
} satisfies Meta<GateStoryArgs>

export default meta
type Story = StoryObj<typeof meta>

/** No secret yet (the first session takes ten minutes here): the fallback shows. */
export const Fallback: Story = {
  args: { latencyMs: 600_000 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    expect(await canvas.findByText('Connecting to the chat…')).toBeVisible()
    expect(canvas.queryByText('The chat is ready.')).toBeNull()
    expect(canvas.getByRole('status').parentElement).toHaveAttribute('data-status', 'loading')
  },
}

/** A secret is available: the children replace the fallback. */
export const Children: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    expect(await canvas.findByText('The chat is ready.', {}, { timeout: 3_000 })).toBeVisible()
    expect(canvas.queryByText('Connecting to the chat…')).toBeNull()
    expect(canvas.getByRole('status').parentElement).toHaveAttribute('data-status', 'active')
  },
}

/** The error fallback, once it shows. */
const findChatError = (canvas: ReturnType<typeof within>) =>
  canvas.findByTestId('chat-error', {}, { timeout: 3_000 })

/**
 * Every call answers `unauthorized` (say the sign-in had lapsed): the error fallback shows the
 * code and a retry, and nothing is called again until someone uses it. The failure is announced
 * once, by the badge: the fallback is no second live region.
 */
export const ErrorFallback: Story = {
  args: { failCalls: 'all', failCode: 'unauthorized' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const alert = await findChatError(canvas)
    expect(canvas.queryByRole('alert')).toBeNull()
    expect(canvas.getAllByRole('status')).toHaveLength(1)
    expect(alert).toHaveTextContent('The chat could not start (unauthorized).')
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeEnabled()
    expect(canvas.queryByText('The chat is ready.')).toBeNull()
    expect(canvas.queryByText('Connecting to the chat…')).toBeNull()
    expect(canvas.getByRole('status').parentElement).toHaveAttribute('data-status', 'error')
    expect(canvas.getByLabelText('createSession calls')).toHaveTextContent(/^1$/)
  },
}

/**
 * Only the first call answers `unauthorized`: the retry in the error fallback calls `refresh()`,
 * the second call succeeds and the chat replaces the error fallback. By keyboard: Tab to the
 * button, Enter, and focus lands on the chat's region (the gate's wrapper), not on `<body>`.
 */
export const ErrorFallbackWithRetry: Story = {
  args: { failCalls: 'first', failCode: 'unauthorized' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const alert = await findChatError(canvas)
    expect(alert).toHaveTextContent('The chat could not start (unauthorized).')
    expect(canvas.queryByText('The chat is ready.')).toBeNull()
    const button = within(alert).getByRole('button', { name: 'Try again' })
    for (let presses = 0; presses < 10 && document.activeElement !== button; presses++) await userEvent.tab()
    expect(button).toHaveFocus()
    await userEvent.keyboard('{Enter}')
    expect(await canvas.findByText('The chat is ready.', {}, { timeout: 3_000 })).toBeVisible()
    expect(canvas.queryByTestId('chat-error')).toBeNull()
    expect(document.activeElement).toBe(canvas.getByRole('region', { name: 'Chat' }))
    await waitFor(() => expect(canvas.getByLabelText('createSession calls')).toHaveTextContent(/^2$/))
  },
}

/**
 * The page never loaded ChatKit's script (no tag, a blocked CDN, a CSP refusal), so
 * `<openai-chatkit>` is never defined and ChatKit would stay blank: with `widgetTimeoutMs` the
 * gate shows the error fallback with `widget_unavailable` instead, its message naming what to
 * check. (Storybook never loads the script, so this is what happens here after one second.)
 */
export const WidgetUnavailable: Story = {
  args: { widgetTimeoutMs: 1_000 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    expect(await canvas.findByText('The chat is ready.')).toBeVisible()
    const alert = await findChatError(canvas)
    expect(alert).toHaveTextContent('The chat could not start (widget_unavailable).')
    expect(canvas.queryByText('The chat is ready.')).toBeNull()
  },
}
