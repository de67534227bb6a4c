import { fileURLToPath } from 'node:url'
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin'
import { playwright } from '@vitest/browser-playwright'
import { defineProject } from 'vitest/config'
import { CHROMIUM_PATH, chromiumArgs } from '../scripts/chromium.ts'
import { alias } from '../vitest.workspace.ts'

const configDir = fileURLToPath(new URL('.', import.meta.url))

/** Every story's `play` runs as a test in Debian's Chromium (Playwright's own download is unreachable). */
export default defineProject({
  plugins: [storybookTest({ configDir })],
  resolve: { alias },
  test: {
    name: 'storybook',
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: [...chromiumArgs],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
})
