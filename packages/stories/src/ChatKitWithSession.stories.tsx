import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, waitFor, within } from 'storybook/test'
import { ChatKitSessionBadge, ChatKitSessionGate } from '@chatkit-session/react/components'
import { ChatKitStandIn } from './ChatKitStandIn.tsx'
import { SessionDetails } from './SessionDetails.tsx'
import { StoryCard } from './StoryCard.tsx'
import {
  fakeSessionArgTypes,
  fakeSessionDefaults,
  useFakeSession,
  withFakeSession,
  type FakeSessionArgs,
} from './withFakeSession.tsx'

interface ChatKitWithSessionArgs extends FakeSessionArgs {
  /** How long after each secret the stand-in asks for the next one. */
  renewAfterMs: number
}

/**
 * In an app: `const { control } = useChatKit({ api: { getClientSecret } })` with the provider's
 * `getClientSecret`, whose identity never changes; the stand-in takes it from the provider.
 */
function ChatKitPane({ lifetimeSeconds, renewAfterMs }: ChatKitWithSessionArgs) {
  const { now } = useFakeSession()
  // The stand-in renews ahead of each secret's deadline; `renewAfterMs` after it arrives, here.
  return <ChatKitStandIn renewBeforeExpiryMs={lifetimeSeconds * 1_000 - renewAfterMs} now={now} />
}

/**
 * How `getClientSecret` is handed to ChatKit. The real widget loads from OpenAI's CDN, which is
 * out of reach here, so a clearly labelled stand-in asks for secrets the way ChatKit does: with
 * `null` on mount, then with its current secret before that one expires (1.5 s after each secret,
 * against 10 s sessions here). It counts the secrets it received and never shows one.
 */
const meta = {
  decorators: [withFakeSession],
  args: { ...fakeSessionDefaults, lifetimeSeconds: 10, renewAfterMs: 1_500 },
  argTypes: {
    ...fakeSessionArgTypes,
    renewAfterMs: {
      description: 'How long after each secret the stand-in asks for the next one, in ms.',
      control: { type: 'number', min: 100, step: 100 },
      table: { category: 'ChatKit stand-in' },
    },
  },
  render: (args) => (
    <StoryCard>
      {/* 10 s sessions refresh 1 s before the deadline: warn only past that. */}
      <ChatKitSessionBadge countdown expiringSoonMs={500} />
      <ChatKitSessionGate fallback={<p>Connecting to the chat…</p>}>
        <ChatKitPane {...args} />
      </ChatKitSessionGate>
      <SessionDetails />
    </StoryCard>
  ),
} satisfies Meta<ChatKitWithSessionArgs>

export default meta
type Story = StoryObj<typeof meta>

export const ChatKitWithSession: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const standIn = await canvas.findByRole('region', { name: 'ChatKit stand-in' }, { timeout: 3_000 })
    expect(standIn).toHaveTextContent('Not the real widget')
    await waitFor(() => expect(standIn).toHaveTextContent('Secrets received: 1'))
    expect(standIn).toHaveTextContent('Last call: getClientSecret(null)')
    // Before the 10 s secret expires, the stand-in hands it back for a new one.
    await waitFor(() => expect(standIn).toHaveTextContent('Secrets received: 2'), { timeout: 3_000 })
    expect(standIn).toHaveTextContent('Last call: getClientSecret(current)')
    expect(canvas.getByRole('status').parentElement).toHaveAttribute('data-status', 'active')
    // Ids may show; secrets (ek_...) never do, in text or attributes.
    expect(canvas.getByLabelText('Session')).toHaveTextContent(/^cksess_/)
    expect(canvasElement.innerHTML).not.toMatch(/ek_/)
  },
}
