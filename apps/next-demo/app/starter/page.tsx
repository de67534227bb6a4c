import { StarterPattern } from '../../components/StarterPattern'

/** The baseline for the time-to-first-secret figure: the starter app's fetch-on-mount. */
export default function Starter() {
  return (
    <main>
      <h1>chatkit-session · the starter app&apos;s pattern (baseline)</h1>
      <p className="hint">
        What the official starter app does, for comparison in <code>pnpm bench</code>: after hydration, POST
        to a route that creates a session, every time, with no cache.
      </p>
      <StarterPattern />
    </main>
  )
}
