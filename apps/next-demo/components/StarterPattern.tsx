'use client'

import { useEffect, useState } from 'react'
import { announceSecret } from '@chatkit-session/stories'

/** The starter app's `getClientSecret`: a POST to a route on mount; the first secret is announced. */
export function StarterPattern() {
  const [state, setState] = useState('Waiting for a client secret…')
  useEffect(() => {
    let live = true
    void fetch('/api/starter/session', { method: 'POST' })
      .then((response) => response.json() as Promise<{ client_secret?: string }>)
      .then(({ client_secret: secret }) => {
        if (!live || secret === undefined) return
        announceSecret(secret)
        setState('Holding a client secret.')
      })
    return () => {
      live = false
    }
  }, [])
  return (
    <p className="card" data-testid="starter-state">
      {state}
    </p>
  )
}
