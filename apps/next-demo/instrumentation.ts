/**
 * Runs once when the server starts: says loudly whether the test-only control routes are on
 * (or why `CHATKIT_EMULATOR_CONTROL=1` was ignored), opens the ChatKit server's database (so the
 * first message does not wait for PGlite to start) and says where it is and how to reset it,
 * and fails at once on a bad configuration rather than on the first request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { getDemoConfig } = await import('./lib/demoConfig')
  const { checkCookieSecret } = await import('./lib/userCookie')
  checkCookieSecret()
  const warning = getDemoConfig().startupWarning
  if (warning !== undefined) console.warn(warning)
  const { getSelfHostedBackend } = await import('./lib/selfHostedBackend')
  const backend = getSelfHostedBackend()
  await backend.ready
  console.log(
    `[next-demo] ChatKit threads are kept in ${backend.dataDir} (PGlite). To start afresh, stop the demo and delete that folder.`,
  )
}
