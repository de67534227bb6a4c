import type { StorybookConfig } from '@storybook/react-vite'
import { mergeConfig } from 'vite'
import { alias } from '../vitest.workspace.ts'

const config: StorybookConfig = {
  framework: '@storybook/react-vite',
  // Stories live next to the components they show.
  stories: [{ directory: '../packages/react/src', files: '**/*.stories.tsx', titlePrefix: 'react' }],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  // No network beyond the package registries: nothing to phone home to.
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // Workspace packages resolve to their TypeScript source, as in the Vitest projects.
  viteFinal: (viteConfig) => mergeConfig(viteConfig, { resolve: { alias } }),
}

export default config
