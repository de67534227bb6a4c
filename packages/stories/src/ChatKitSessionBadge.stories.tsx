import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { ChatKitSessionBadge, type ChatKitSessionBadgeProps } from '@chatkit-session/react/components'
import { SessionControls } from './SessionControls.tsx'
import { SessionDetails } from './SessionDetails.tsx'
import { StatusTimeline } from './StatusTimeline.tsx'
import { StoryCard } from './StoryCard.tsx'
import {
  fakeSessionArgTypes,
  fakeSessionDefaults,
  useFakeSession,
  withFakeSession,
  type FakeSessionArgs,
} from './withFakeSession.tsx'

type StatusStoryArgs = ChatKitSessionBadgeProps & FakeSessionArgs

/** The badge on the story's clock, so a laptop that "slept" counts down from where it woke (args.now is ignored). */
function Badge({ countdown, expiringSoonMs, labels, unstyled, className }: StatusStoryArgs) {
  const { now } = useFakeSession()
  return (
    <ChatKitSessionBadge
      countdown={countdown}
      expiringSoonMs={expiringSoonMs}
      labels={labels}
      unstyled={unstyled}
      className={className}
      now={now}
    />
  )
}

/**
 * One story per session state. Each state is reached by the real `useChatKitSession` driven by
 * a fake session action (`@chatkit-session/testing`) and the hook's `now` clock: no status is
 * ever forced. Session ids are shown; client secrets never are.
 */
const meta = {
  component: ChatKitSessionBadge,
  decorators: [withFakeSession],
  args: { countdown: true, ...fakeSessionDefaults },
  argTypes: { ...fakeSessionArgTypes, now: { table: { disable: true } } },
  render: (args) => (
    <StoryCard>
      <Badge {...args} />
      <SessionDetails />
    </StoryCard>
  ),
} satisfies Meta<StatusStoryArgs>

export default meta
type Story = StoryObj<typeof meta>

type Canvas = ReturnType<typeof within>

/**
 * The badge (the pill holding `data-status`), once its live region (`role="status"`) reads
 * `label` and its status is `status`.
 */
async function findBadge(canvas: Canvas, status: string, label: string, timeout = 3_000) {
  const region = await canvas.findByRole('status')
  const badge = region.parentElement as HTMLElement
  await waitFor(
    () => {
      expect(badge).toHaveAttribute('data-status', status)
      expect(region).toHaveTextContent(new RegExp(`^${label}$`))
      expect(region).toBeVisible()
    },
    { timeout },
  )
  return badge
}

/**
 * The countdown: a `role="timer"` beside the live region, named by text a screen reader reads
 * first. Waited for, and looked up in the whole story: on a loaded machine the badge may render
 * its status a frame before its countdown.
 */
const countdownOf = (canvas: Canvas) => canvas.findByRole('timer')

/** The value shown next to `term` in the session details. */
const detail = (canvas: Canvas, term: string) => canvas.getByLabelText(term)

/** `enabled: false` (for example before sign-in): nothing is fetched. */
export const Idle: Story = {
  args: { enabled: false },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const badge = await findBadge(canvas, 'idle', 'Not started')
    expect(within(badge).queryByRole('timer')).toBeNull()
    expect(detail(canvas, 'createSession calls')).toHaveTextContent(/^0$/)
    expect(detail(canvas, 'Session')).toHaveTextContent('none')
  },
}

/** The first session is on its way (this action takes ten minutes to answer). */
export const Loading: Story = {
  args: { latencyMs: 600_000 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const badge = await findBadge(canvas, 'loading', 'Connecting…')
    expect(badge).toHaveStyle({ backgroundColor: 'rgb(219, 234, 254)' })
    await waitFor(() => expect(detail(canvas, 'createSession calls')).toHaveTextContent(/^1$/))
    expect(detail(canvas, 'Session')).toHaveTextContent('none')
  },
}

/** A fresh 600 s session: the countdown ticks every second. */
export const Active: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const badge = await findBadge(canvas, 'active', 'Active')
    expect(badge).toHaveStyle({ backgroundColor: 'rgb(220, 252, 231)' })
    const countdown = await countdownOf(canvas)
    expect(countdown).toHaveTextContent(/^Time left (10:00|9:5\d)$/)
    const first = countdown.textContent
    await waitFor(() => expect(countdown.textContent).not.toBe(first), { timeout: 2_500 })
    expect(detail(canvas, 'Session')).toHaveTextContent(/^cksess_/)
  },
}

/**
 * The laptop slept 545 s into a 600 s session, past its refresh point (540 s): the next session
 * is on its way (slowly) and the current secret is still good for 55 s.
 */
export const Refreshing: Story = {
  args: { sleepAfterFirstSessionMs: 545_000, refreshLatencyMs: 600_000 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await findBadge(canvas, 'refreshing', 'Refreshing…')
    expect(await countdownOf(canvas)).toHaveTextContent(/^Time left 0:5\d$/)
    await waitFor(() => expect(detail(canvas, 'createSession calls')).toHaveTextContent(/^2$/))
  },
}

/**
 * Less than `expiringSoonMs` (30 s here) is left and no refresh has started yet: with a
 * `refreshMarginMs` of 10 s, the refresh comes late. The laptop slept 575 s into the session.
 */
export const ExpiringSoon: Story = {
  args: { sleepAfterFirstSessionMs: 575_000, refreshMarginMs: 10_000, expiringSoonMs: 30_000 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const badge = await findBadge(canvas, 'active', 'Expiring soon')
    expect(badge).toHaveAttribute('data-expiring-soon', 'true')
    expect(badge).toHaveStyle({ backgroundColor: 'rgb(254, 243, 199)' })
    expect(await countdownOf(canvas)).toHaveTextContent(/^Time left 0:2\d$/)
    expect(detail(canvas, 'createSession calls')).toHaveTextContent(/^1$/)
  },
}

/**
 * Refreshes fail with `server_error` while the secret is still good: the status stays `active`,
 * the badge names the failure, and retries go on (1 s apart here) until one succeeds.
 */
export const RetryingWhileValid: Story = {
  args: { sleepAfterFirstSessionMs: 545_000, failCalls: 'refreshes', failCode: 'server_error' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const badge = await findBadge(canvas, 'active', 'Active')
    await waitFor(() => expect(within(badge).getByText('(server error)')).toBeVisible(), { timeout: 3_000 })
    expect(await countdownOf(canvas)).toHaveTextContent(/^Time left 0:5\d$/)
    // The retry after the first failure comes 1 s later: the count goes on rising.
    await waitFor(
      () =>
        expect(detail(canvas, 'Failures since last success')).toHaveTextContent(/^[2-9] \(server_error\)$/),
      {
        timeout: 3_000,
      },
    )
    expect(badge).toHaveAttribute('data-status', 'active')
  },
}

/**
 * The laptop slept past the deadline and refreshes fail: the old secret is dead and no new one
 * has arrived. `getClientSecret` waits; retries go on.
 */
export const Expired: Story = {
  args: { sleepAfterFirstSessionMs: 601_000, failCalls: 'refreshes', failCode: 'server_error' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const badge = await findBadge(canvas, 'expired', 'Expired')
    expect(badge).toHaveStyle({ backgroundColor: 'rgb(255, 237, 213)' })
    await waitFor(() => expect(within(badge).getByText('(server error)')).toBeVisible(), { timeout: 3_000 })
    expect(within(badge).queryByRole('timer')).toBeNull()
  },
}

/** `cancel()` ran (the Cancel button): the session is cancelled on the server and nothing is fetched. */
export const Cancelled: Story = {
  render: (args) => (
    <StoryCard>
      <Badge {...args} />
      <SessionControls />
      <SessionDetails />
    </StoryCard>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await findBadge(canvas, 'active', 'Active')
    const sessionId = detail(canvas, 'Session').textContent ?? ''
    expect(sessionId).toMatch(/^cksess_/)
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel' }))
    const badge = await findBadge(canvas, 'cancelled', 'Cancelled')
    expect(within(badge).queryByRole('timer')).toBeNull()
    await waitFor(() => expect(canvas.getByLabelText('Cancelled on the server')).toHaveTextContent(sessionId))
    expect(detail(canvas, 'createSession calls')).toHaveTextContent(/^1$/)
  },
}

/** The server refused the user (`unauthorized`): no automatic retry until `refresh()` or `restart()`. */
export const ErrorUnauthorized: Story = {
  args: { failCalls: 'all', failCode: 'unauthorized' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const badge = await findBadge(canvas, 'error', 'Error')
    expect(within(badge).getByText('(unauthorized)')).toBeVisible()
    expect(badge).toHaveStyle({ backgroundColor: 'rgb(254, 226, 226)' })
    expect(detail(canvas, 'createSession calls')).toHaveTextContent(/^1$/)
  },
}

/**
 * Every call answers 429 with a 2 s `retry-after`: no secret yet, so the status is `error`, and
 * the hook tries again when the server said it may.
 */
export const ErrorRateLimited: Story = {
  args: { failCalls: 'all', failCode: 'rate_limited', retryAfterMs: 2_000 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const badge = await findBadge(canvas, 'error', 'Error')
    expect(within(badge).getByText('(rate limited)')).toBeVisible()
    expect(detail(canvas, 'createSession calls')).toHaveTextContent(/^1$/)
    await waitFor(() => expect(detail(canvas, 'createSession calls')).toHaveTextContent(/^2$/), {
      timeout: 3_500,
    })
    expect(badge).toHaveAttribute('data-status', 'error')
  },
}

/**
 * Set the lifetime, latency and failure rate in Controls, click Refresh / Cancel / Restart and
 * watch the transitions. Sessions live 20 s here, so the scheduled refresh comes 2 s before the
 * deadline; `expiringSoonMs` is 1.5 s (the default would be the 2 s refresh margin of a 20 s session),
 * so "Expiring soon" shows only when refreshes fail (raise the failure rate to see it).
 */
export const Interactive: Story = {
  args: { lifetimeSeconds: 20, latencyMs: 400, expiringSoonMs: 1_500 },
  render: (args) => (
    <StoryCard>
      <Badge {...args} />
      <SessionControls />
      <SessionDetails />
      <StatusTimeline />
    </StoryCard>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await findBadge(canvas, 'active', 'Active')
    await userEvent.click(canvas.getByRole('button', { name: 'Refresh' }))
    await findBadge(canvas, 'refreshing', 'Refreshing…', 1_000)
    await findBadge(canvas, 'active', 'Active')
    expect(detail(canvas, 'createSession calls')).toHaveTextContent(/^2$/)
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel' }))
    await findBadge(canvas, 'cancelled', 'Cancelled')
    await userEvent.click(canvas.getByRole('button', { name: 'Restart' }))
    await findBadge(canvas, 'active', 'Active')
    expect(detail(canvas, 'createSession calls')).toHaveTextContent(/^3$/)
    const steps = within(canvas.getByRole('list', { name: 'Status transitions' })).getAllByRole('listitem')
    expect(steps.map((step) => step.textContent?.replace(/^\+[\d.]+ s /, ''))).toEqual([
      'loading',
      'active',
      'refreshing',
      'active',
      'cancelled',
      'loading',
      'active',
    ])
  },
}
