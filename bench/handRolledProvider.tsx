import type { SessionActionResult } from '@chatkit-session/core'
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'

interface HandRolledValue {
  status: 'loading' | 'active' | 'refreshing'
  secret: string | undefined
  getClientSecret: (current: string | null) => Promise<string>
}

const HandRolledContext = createContext<HandRolledValue | null>(null)

/**
 * The renders baseline: how session providers are usually written by hand, with `useState` and
 * a context value object rebuilt on every change, refreshing on a `setTimeout` 60 s before expiry.
 */
export function HandRolledProvider({
  action,
  children,
}: {
  action: () => Promise<SessionActionResult>
  children: ReactNode
}) {
  const [state, setState] = useState<Omit<HandRolledValue, 'getClientSecret'>>({
    status: 'loading',
    secret: undefined,
  })
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    let alive = true
    const load = async () => {
      setState((previous) => ({ ...previous, status: previous.secret ? 'refreshing' : 'loading' }))
      const result = await action()
      if (!alive || !result.ok) return
      setState({ status: 'active', secret: result.session.client_secret })
      timer = setTimeout(load, result.session.expires_at * 1000 - Date.now() - 60_000)
    }
    void load()
    return () => {
      alive = false
      clearTimeout(timer)
    }
  }, [action])
  const value = { ...state, getClientSecret: async () => state.secret ?? '' }
  return <HandRolledContext.Provider value={value}>{children}</HandRolledContext.Provider>
}

export function useHandRolled(): HandRolledValue {
  const value = useContext(HandRolledContext)
  if (value === null) throw new Error('useHandRolled() outside <HandRolledProvider>')
  return value
}
