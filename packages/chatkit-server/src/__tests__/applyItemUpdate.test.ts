import { describe, expect, it } from 'vitest'
import { applyItemUpdate } from '../applyItemUpdate.ts'
import type { GeneratedImageItem } from '../types.ts'
import { NOW } from './harness.ts'

describe('applyItemUpdate', () => {
  it('keeps the latest partial image of a generated image, and ignores updates of other items', () => {
    const item: GeneratedImageItem = {
      type: 'generated_image',
      id: 'img_1',
      thread_id: 't',
      created_at: NOW,
      image: null,
    }
    const image = { id: 'ig_1', url: 'https://cdn.example/0.png' }

    applyItemUpdate(item, { type: 'generated_image.updated', image, progress: 0.5 })
    applyItemUpdate(item, {
      type: 'workflow.task.added',
      task_index: 0,
      task: { type: 'thought', content: 'x' },
    })
    image.url = 'changed afterwards'

    expect(item.image).toEqual({ id: 'ig_1', url: 'https://cdn.example/0.png' })
  })
})
