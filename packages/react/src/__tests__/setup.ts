import { notifyManager } from '@tanstack/react-query'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

// TanStack batches notifications on a zero-delay timer, which Vitest's fake clock only runs when
// time moves. Microtasks keep the batching and let tests assert exact times.
notifyManager.setScheduler(queueMicrotask)

// Without Vitest globals, Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup()
})
