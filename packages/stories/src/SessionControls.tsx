import { useChatKitSessionSelector } from '@chatkit-session/react'

const buttonStyle = {
  font: 'inherit',
  padding: '0.25em 0.9em',
  borderRadius: '6px',
  border: '1px solid #d1d5db',
  background: '#fff',
  cursor: 'pointer',
}

/** Refresh / Cancel / Restart buttons wired to the provider's session. */
export function SessionControls() {
  const refresh = useChatKitSessionSelector((s) => s.refresh)
  const cancel = useChatKitSessionSelector((s) => s.cancel)
  const restart = useChatKitSessionSelector((s) => s.restart)
  return (
    <div role="group" aria-label="Session actions" style={{ display: 'flex', gap: '0.5em' }}>
      <button type="button" style={buttonStyle} onClick={() => void refresh()}>
        Refresh
      </button>
      <button type="button" style={buttonStyle} onClick={() => void cancel()}>
        Cancel
      </button>
      <button type="button" style={buttonStyle} onClick={() => void restart()}>
        Restart
      </button>
    </div>
  )
}
