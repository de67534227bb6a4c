import {
  createContext,
  useContext,
  useEffect,
  useLayoutEffect,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react'
import type { UseChatKitSessionOptions, UseChatKitSessionResult, ChatKitSessionStatus } from './types.ts'
import { useChatKitSession } from './useChatKitSession.ts'

/** Props of {@link ChatKitProvider}: the options of `useChatKitSession`, plus children. */
export interface ChatKitProviderProps<TInput = undefined> extends UseChatKitSessionOptions<TInput> {
  /** Everything that reads the session: ChatKit, status badges, gates. */
  children?: ReactNode
}

interface SessionStore {
  get: () => UseChatKitSessionResult
  set: (result: UseChatKitSessionResult) => void
  subscribe: (listener: () => void) => () => void
}

function createSessionStore(initial: UseChatKitSessionResult): SessionStore {
  let current = initial
  const listeners = new Set<() => void>()
  return {
    get: () => current,
    set: (result) => {
      if (result === current) return
      current = result
      for (const listener of listeners) listener()
    },
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

const SessionStoreContext = createContext<SessionStore | null>(null)

// Layout effect in the browser so readers update before paint; plain effect on the server.
const useIsomorphicLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect

/**
 * Owns one ChatKit session (one `useChatKitSession`) and shares it with everything below.
 * Readers subscribe to just what they select, so a status badge re-renders only when the
 * status changes. Uses the app's QueryClientProvider when there is one, else a private client.
 *
 * @example
 * <ChatKitProvider createSession={createSession} cancelSession={cancelSession} sessionKey={[userId]}>
 *   <ChatKitSessionBadge countdown />
 *   <Chat />
 * </ChatKitProvider>
 */
export function ChatKitProvider<TInput = undefined>({ children, ...options }: ChatKitProviderProps<TInput>) {
  const result = useChatKitSession(options)
  const [store] = useState(() => createSessionStore(result))
  useIsomorphicLayoutEffect(() => store.set(result))
  return <SessionStoreContext.Provider value={store}>{children}</SessionStoreContext.Provider>
}

/**
 * Selects part of the provider's session; re-renders only when the selected value changes
 * (compared with Object.is, so return a primitive or a stable reference).
 *
 * @example
 * const getClientSecret = useChatKitSessionSelector((s) => s.getClientSecret) // never re-renders
 */
export function useChatKitSessionSelector<T>(selector: (result: UseChatKitSessionResult) => T): T {
  return useSelect('useChatKitSessionSelector', selector)
}

/** The provider's whole session result (the same object `useChatKitSession` returns). */
export function useChatKitSessionContext(): UseChatKitSessionResult {
  return useSelect('useChatKitSessionContext', (result) => result)
}

/** Only the provider's status: re-renders only when the status changes. */
export function useChatKitSessionStatus(): ChatKitSessionStatus {
  return useSelect('useChatKitSessionStatus', (result) => result.status)
}

function useSelect<T>(hookName: string, selector: (result: UseChatKitSessionResult) => T): T {
  const store = useContext(SessionStoreContext)
  if (store === null) {
    throw new Error(
      `${hookName}() must be used inside <ChatKitProvider>. Wrap your ChatKit UI in <ChatKitProvider createSession={...}>.`,
    )
  }
  const select = () => selector(store.get())
  return useSyncExternalStore(store.subscribe, select, select)
}
