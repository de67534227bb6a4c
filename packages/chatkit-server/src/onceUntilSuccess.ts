/**
 * `run` as a function that runs it once, however often it is called: every call gets the same
 * promise. A failed attempt (a database not up yet) is forgotten, so the next call tries again.
 */
export function onceUntilSuccess(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined
  return () => {
    running ??= run().catch((error: unknown) => {
      running = undefined
      throw error
    })
    return running
  }
}
