/**
 * Debian's Chromium and the flags every headless run here uses (the demo's end-to-end suite
 * and Storybook's browser tests): never a browser Playwright downloads.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium'

export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
