import { defineConfig } from 'vitest/config'
import { alias, projects } from './vitest.workspace.ts'

export default defineConfig({
  resolve: { alias },
  test: { projects },
})
