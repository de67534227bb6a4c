import type { StorybookConfig } from '@storybook/react-vite'
import { mergeConfig, type UserConfig } from 'vite'
import { alias } from '../vitest.workspace.ts'

const viteOverrides: UserConfig = {
  // Workspace packages resolve to their TypeScript source, as in the Vitest projects.
  resolve: { alias },
  build: {
    rolldownOptions: {
      // 'use client' at the top of React libraries (ours, TanStack's) means nothing in a
      // client-only bundle: its warning is noise here.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning)
      },
    },
  },
}

const config: StorybookConfig = {
  framework: '@storybook/react-vite',
  // The stories live in their own private package, which declares what they import (testing,
  // Storybook) so the published react package does not. The prefix keeps the ids `react-...`.
  stories: [{ directory: '../packages/stories/src', files: '**/*.stories.tsx', titlePrefix: 'react' }],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest', '@storybook/addon-a11y'],
  // No network beyond the package registries: nothing to phone home to.
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal: (viteConfig) => mergeConfig(viteConfig, viteOverrides),
}

export default config
