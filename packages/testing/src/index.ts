export { createFakeSessionAction } from './createFakeSessionAction.ts'
export type {
  FakeIssuedSession,
  FakeLatency,
  FakeSessionAction,
  FakeSessionActionCall,
  FakeSessionActionOptions,
} from './createFakeSessionAction.ts'
export { createFakeClock } from './createFakeClock.ts'
export type { FakeClock } from './createFakeClock.ts'
export { createSeededRandom } from './createSeededRandom.ts'
