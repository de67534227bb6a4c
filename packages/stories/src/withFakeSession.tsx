import type { ChatKitSessionErrorCode, SessionActionError } from '@chatkit-session/core'
import { ChatKitProvider } from '@chatkit-session/react'
import { createFakeClock, createFakeSessionAction, type FakeSessionAction } from '@chatkit-session/testing'
import type { ArgTypes, Decorator } from '@storybook/react-vite'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import {
  createContext,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
  type RefObject,
} from 'react'

/** Story args that set up the fake session server action behind `<ChatKitProvider>`. */
export interface FakeSessionArgs {
  /** Lifetime of each session the fake action issues, in whole seconds (1..600). */
  lifetimeSeconds: number
  /** How long the first `createSession` call takes, in milliseconds. */
  latencyMs: number
  /** How long every later call (refreshes, retries) takes; `latencyMs` when unset. */
  refreshLatencyMs?: number
  /** Fraction (0..1) of calls that fail with `server_error`. */
  failRate: number
  /** Which calls fail with `failCode`: none, the first, every one after the first, or all. */
  failCalls: 'none' | 'first' | 'refreshes' | 'all'
  /** The code of the failures chosen by `failCalls`. */
  failCode: ChatKitSessionErrorCode
  /** `retryAfterMs` of those failures (a 429's `retry-after`). */
  retryAfterMs?: number
  /** The hook's `enabled` option. */
  enabled: boolean
  /** The hook's `refreshMarginMs` option. */
  refreshMarginMs?: number
  /**
   * Once the first session has arrived, move the clock forward this far and fire a `focus`
   * event, as a laptop does when it wakes up: lets a story reach the end of a 600 s session
   * at once.
   */
  sleepAfterFirstSessionMs?: number
}

/** A 600 s session that arrives after 300 ms and never fails. */
export const fakeSessionDefaults: FakeSessionArgs = {
  lifetimeSeconds: 600,
  latencyMs: 300,
  failRate: 0,
  failCalls: 'none',
  failCode: 'server_error',
  enabled: true,
}

const category = { table: { category: 'Fake session action' } }
const hookCategory = { table: { category: 'useChatKitSession options' } }

/** Controls for {@link FakeSessionArgs}. */
export const fakeSessionArgTypes: Partial<ArgTypes<FakeSessionArgs>> = {
  lifetimeSeconds: {
    ...category,
    description: 'Lifetime of each issued session, in whole seconds (applies to the next session).',
    control: { type: 'range', min: 1, max: 600, step: 1 },
  },
  latencyMs: {
    ...category,
    description: 'How long each createSession call takes, in ms.',
    control: { type: 'number', min: 0, step: 100 },
  },
  refreshLatencyMs: {
    ...category,
    description: 'How long calls after the first take, in ms (latencyMs when unset).',
    control: { type: 'number', min: 0, step: 100 },
  },
  failRate: {
    ...category,
    description: 'Fraction of calls that fail with server_error.',
    control: { type: 'range', min: 0, max: 1, step: 0.05 },
  },
  failCalls: {
    ...category,
    description: 'Which calls fail with failCode.',
    control: 'inline-radio',
    options: ['none', 'first', 'refreshes', 'all'],
  },
  failCode: {
    ...category,
    description: 'Error code of the failures chosen by failCalls.',
    control: 'select',
    options: ['server_error', 'network', 'rate_limited', 'unauthorized', 'forbidden', 'bad_request'],
  },
  retryAfterMs: { ...category, description: 'retryAfterMs of those failures.', control: 'number' },
  enabled: { ...hookCategory, description: 'Set to false to hold off: status idle.', control: 'boolean' },
  refreshMarginMs: {
    ...hookCategory,
    description: 'How long before the deadline to fetch the next session, in ms.',
    control: 'number',
  },
  sleepAfterFirstSessionMs: {
    ...category,
    description: 'Jump the clock this far once the first session arrives (a laptop waking up).',
    control: 'number',
  },
}

interface FakeSession {
  queryClient: QueryClient
  action: FakeSessionAction
  /** The story's clock: Date.now plus however long the "laptop" slept. */
  now: () => number
  createSession: (input?: unknown) => ReturnType<FakeSessionAction>
  cancelSession: FakeSessionAction['cancel']
  onSessionChange: () => void
  subscribe: (listener: () => void) => () => void
  getVersion: () => number
}

function failureFor(args: FakeSessionArgs, index: number): SessionActionError | undefined {
  const { failCalls, failCode, retryAfterMs } = args
  const fails =
    failCalls === 'all' || (failCalls === 'first' && index === 1) || (failCalls === 'refreshes' && index > 1)
  if (!fails) return undefined
  return {
    code: failCode,
    message: `The story's fake action failed with ${failCode}.`,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  }
}

function createFakeSession(args: RefObject<FakeSessionArgs>): FakeSession {
  const slept = createFakeClock(0)
  const now = () => Date.now() + slept.now()
  // Lets story panels re-render when the action is called or answers.
  let version = 0
  const listeners = new Set<() => void>()
  const notify = () => {
    version += 1
    for (const listener of listeners) listener()
  }
  const action = createFakeSessionAction({
    lifetimeSeconds: args.current.lifetimeSeconds,
    failRate: args.current.failRate,
    now,
    latencyMs: () => {
      const { latencyMs, refreshLatencyMs = latencyMs } = args.current
      return action.calls > 1 ? refreshLatencyMs : latencyMs
    },
    fail: ({ index }) => failureFor(args.current, index),
  })
  let woken = false
  return {
    queryClient: new QueryClient(),
    action,
    now,
    createSession: async (input) => {
      const answer = action(input)
      notify()
      try {
        return await answer
      } finally {
        notify()
      }
    },
    cancelSession: async (sessionId) => {
      try {
        return await action.cancel(sessionId)
      } finally {
        notify()
      }
    },
    onSessionChange: () => {
      const sleepMs = args.current.sleepAfterFirstSessionMs
      if (woken || sleepMs === undefined) return
      woken = true
      slept.advance(sleepMs)
      window.dispatchEvent(new Event('focus'))
    },
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    getVersion: () => version,
  }
}

const FakeSessionContext = createContext<FakeSession | null>(null)

/** The story's fake action and clock; re-renders when the action is called or answers. */
export function useFakeSession(): Pick<FakeSession, 'action' | 'now'> {
  const fake = useContext(FakeSessionContext)
  if (fake === null) throw new Error('useFakeSession() needs the withFakeSession decorator.')
  useSyncExternalStore(fake.subscribe, fake.getVersion, fake.getVersion)
  return fake
}

// The jitter is real behaviour, but a story (and its play) should show the same times on every run.
const noJitter = () => 0

function FakeSessionProvider({ args, children }: { args: FakeSessionArgs; children: ReactNode }) {
  const latest = useRef(args)
  useEffect(() => {
    latest.current = args
  })
  const [fake] = useState(() => createFakeSession(latest))
  const { action } = fake
  const { lifetimeSeconds, failRate } = args
  useEffect(() => action.setLifetime(lifetimeSeconds), [action, lifetimeSeconds])
  useEffect(() => action.setFailRate(failRate), [action, failRate])
  return (
    <QueryClientProvider client={fake.queryClient}>
      <FakeSessionContext.Provider value={fake}>
        <ChatKitProvider
          createSession={fake.createSession}
          cancelSession={fake.cancelSession}
          enabled={args.enabled}
          refreshMarginMs={args.refreshMarginMs}
          onSessionChange={fake.onSessionChange}
          now={fake.now}
          random={noJitter}
        >
          {children}
        </ChatKitProvider>
      </FakeSessionContext.Provider>
    </QueryClientProvider>
  )
}

/**
 * Wraps a story in a fresh QueryClient (retry settings come from the hook) and a
 * `<ChatKitProvider>` whose fake session action is set up by the story's {@link FakeSessionArgs}.
 */
export const withFakeSession: Decorator<FakeSessionArgs> = (Story, context) => (
  // A new story id is a new client, action and clock: nothing carries over between stories.
  <FakeSessionProvider key={context.id} args={context.args}>
    <Story />
  </FakeSessionProvider>
)
