import { createEmulatorAction } from './emulatorAction.ts'
import { percentiles } from './random.ts'

/**
 * Our server action against the raw SDK call, both over the in-process emulator, interleaved so
 * machine noise hits both alike.
 */
export async function serverActionOverhead(calls: number) {
  const { action, rawCreate } = createEmulatorAction()
  const actionSamples: number[] = []
  const rawSamples: number[] = []
  for (let i = 0; i < 100; i += 1) {
    await action()
    await rawCreate()
  }
  for (let i = 0; i < calls; i += 1) {
    let start = performance.now()
    const result = await action()
    actionSamples.push(performance.now() - start)
    if (!result.ok) throw new Error(`action failed: ${result.error.code}`)
    start = performance.now()
    await rawCreate()
    rawSamples.push(performance.now() - start)
  }
  return { action: percentiles(actionSamples), raw: percentiles(rawSamples), calls }
}
