import type { Preview } from '@storybook/react-vite'

const preview: Preview = {
  // Docs pages built from the components' TSDoc.
  tags: ['autodocs'],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    // axe runs after every story's play, and a violation fails it (the addon's default, 'todo',
    // only warns). A story that cannot pass would say `a11y: { test: 'todo' }` and why: none does.
    a11y: { test: 'error' },
  },
  decorators: [
    (Story) => (
      <div style={{ font: '14px/1.5 system-ui, sans-serif', color: '#111827' }}>
        <Story />
      </div>
    ),
  ],
}

export default preview
