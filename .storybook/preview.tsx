import type { Preview } from '@storybook/react-vite'

const preview: Preview = {
  // Docs pages built from the components' TSDoc.
  tags: ['autodocs'],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
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
