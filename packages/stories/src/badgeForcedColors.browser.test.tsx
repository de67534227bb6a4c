// cdp().send's types come from the Playwright provider.
import type {} from '@vitest/browser-playwright'
import { ChatKitProvider } from '@chatkit-session/react'
import { ChatKitSessionBadge } from '@chatkit-session/react/components'
import { createFakeSessionAction } from '@chatkit-session/testing'
import { QueryClient } from '@tanstack/react-query'
import { createRoot } from 'react-dom/client'
import { afterEach, expect, it, vi } from 'vitest'
import { cdp } from 'vitest/browser'

afterEach(async () => {
  await cdp().send('Emulation.setEmulatedMedia', { features: [] })
})

it('in forced colours (Windows high contrast) the pill keeps a visible border where its background is gone', async () => {
  const host = document.createElement('div')
  document.body.append(host)
  const root = createRoot(host)
  root.render(
    <ChatKitProvider createSession={createFakeSessionAction()} queryClient={new QueryClient()}>
      <ChatKitSessionBadge />
    </ChatKitProvider>,
  )
  const pill = await vi.waitFor(() => {
    const found = host.querySelector<HTMLElement>('[data-status="active"]')
    if (found === null) throw new Error('no active badge yet')
    return found
  })
  const border = () => getComputedStyle(pill).borderTopColor
  const { borderTopStyle, borderTopWidth } = getComputedStyle(pill)
  expect(`${borderTopWidth} ${borderTopStyle}`).toBe('1px solid')
  const background = () => getComputedStyle(pill).backgroundColor
  expect(border()).toBe('rgba(0, 0, 0, 0)') // invisible in normal colours: the background draws the pill
  expect(background()).toBe('rgb(220, 252, 231)')

  await cdp().send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: 'active' }] })
  expect(matchMedia('(forced-colors: active)').matches).toBe(true)
  console.log(`[forced colours] border ${border()}, background ${background()}`)
  expect(border()).not.toBe('rgba(0, 0, 0, 0)')
  expect(border()).not.toBe(background())
  root.unmount()
  host.remove()
})
