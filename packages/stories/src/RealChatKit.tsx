'use client'

import { useChatKitSessionSelector } from '@chatkit-session/react'
import { ChatKit, useChatKit } from '@openai/chatkit-react'

/** The real ChatKit widget (its script loads from OpenAI's CDN), fed by the provider's secret. */
export function RealChatKit() {
  // Stable for the provider's life: rotating sessions do not re-render this component.
  const getClientSecret = useChatKitSessionSelector((s) => s.getClientSecret)
  const { control } = useChatKit({ api: { getClientSecret } })
  return <ChatKit control={control} className="chatkit" />
}
