/** Props of {@link EmulatorBanner}. */
export interface EmulatorBannerProps {
  /** The emulator's session lifetime in seconds (`CHATKIT_EMULATOR_LIFETIME_SECONDS`). */
  lifetimeSeconds: number | undefined
}

/** Both demos' hosted page, without `OPENAI_API_KEY`: says the sessions come from the emulator. */
export function EmulatorBanner({ lifetimeSeconds }: EmulatorBannerProps) {
  // In a landmark (the page's header): axe's `region` rule wants all content in one.
  return (
    <header>
      <p className="banner" role="note" data-testid="emulator-banner">
        <strong>Running on the local emulator.</strong> No <code>OPENAI_API_KEY</code> is set, so sessions
        come from the in-process ChatKit API emulator and last {lifetimeSeconds} s (
        <code>CHATKIT_EMULATOR_LIFETIME_SECONDS</code>).
      </p>
    </header>
  )
}
