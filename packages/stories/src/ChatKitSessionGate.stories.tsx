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
        fallback={<p style={{ ...panel, color: '#6b7280' }}>Connecting to the chat…</p>}
        errorFallback={({ error, retry }) => (
          <div role="alert" style={{ ...panel, borderColor: '#fca5a5', background: '#fef2f2' }}>
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
    expect(canvas.getByRole('status')).toHaveAttribute('data-status', 'loading')
  },
}

/** A secret is available: the children replace the fallback. */
export const Children: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    expect(await canvas.findByText('The chat is ready.', {}, { timeout: 3_000 })).toBeVisible()
    expect(canvas.queryByText('Connecting to the chat…')).toBeNull()
    expect(canvas.getByRole('status')).toHaveAttribute('data-status', 'active')
  },
}

/**
 * Every call answers `unauthorized` (say the sign-in had lapsed): the error fallback shows the
 * code and a retry, and nothing is called again until someone uses it.
 */
export const ErrorFallback: Story = {
  args: { failCalls: 'all', failCode: 'unauthorized' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const alert = await canvas.findByRole('alert', {}, { timeout: 3_000 })
    expect(alert).toHaveTextContent('The chat could not start (unauthorized).')
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeEnabled()
    expect(canvas.queryByText('The chat is ready.')).toBeNull()
    expect(canvas.queryByText('Connecting to the chat…')).toBeNull()
    expect(canvas.getByRole('status')).toHaveAttribute('data-status', 'error')
    expect(canvas.getByLabelText('createSession calls')).toHaveTextContent(/^1$/)
  },
}

/**
 * Only the first call answers `unauthorized`: the retry in the error fallback calls `refresh()`,
 * the second call succeeds and the chat replaces the error fallback.
 */
export const ErrorFallbackWithRetry: Story = {
  args: { failCalls: 'first', failCode: 'unauthorized' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const alert = await canvas.findByRole('alert', {}, { timeout: 3_000 })
    expect(alert).toHaveTextContent('The chat could not start (unauthorized).')
    expect(canvas.queryByText('The chat is ready.')).toBeNull()
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }))
    expect(await canvas.findByText('The chat is ready.', {}, { timeout: 3_000 })).toBeVisible()
    expect(canvas.queryByRole('alert')).toBeNull()
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
    const alert = await canvas.findByRole('alert', {}, { timeout: 3_000 })
    expect(alert).toHaveTextContent('The chat could not start (widget_unavailable).')
    expect(canvas.queryByText('The chat is ready.')).toBeNull()
  },
}
