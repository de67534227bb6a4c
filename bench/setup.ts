import { notifyManager } from '@tanstack/react-query'

// As in the react package's tests: TanStack's notify batching on microtasks, so fake timers
// run it without moving the clock.
notifyManager.setScheduler(queueMicrotask)
