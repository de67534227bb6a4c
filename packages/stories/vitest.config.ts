import react from '@vitejs/plugin-react'
import { playwright } from '@vitest/browser-playwright'
import { defineProject } from 'vitest/config'
import { CHROMIUM_PATH, chromiumArgs } from '../../scripts/chromium.ts'
import { alias } from '../../vitest.workspace.ts'

/**
 * Accessibility checks that need a real browser beyond the stories' own: what the live regions
 * of the badge and the gate would announce, on real timers, in Debian's Chromium.
 */
export default defineProject({
  plugins: [react()],
  resolve: { alias },
  test: {
    name: 'a11y',
    root: import.meta.dirname,
    include: ['src/**/*.browser.test.tsx'],
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: { executablePath: CHROMIUM_PATH, args: [...chromiumArgs] },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
})
