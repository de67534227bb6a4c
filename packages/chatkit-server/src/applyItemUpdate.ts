import type { ThreadItemUpdate } from './events.ts'
import type { ThreadItem } from './types.ts'
import { findWidgetComponent } from './widgets/widgetChildren.ts'

/**
 * A streaming item with one update applied, so that the latest version of an unfinished
 * assistant message, workflow, generated image or widget is known when the stream is cancelled.
 * Other items and updates leave the item as it is. Mutates and returns `item` (a copy the server
 * owns).
 */
export function applyItemUpdate(item: ThreadItem, update: ThreadItemUpdate): ThreadItem {
  if (item.type === 'assistant_message') {
    if (!update.type.startsWith('assistant_message.')) return item
    const index = (update as { content_index: number }).content_index
    // Updates may name a part that was never added: make room for it.
    while (item.content.length <= index) item.content.push({ type: 'output_text', text: '', annotations: [] })
    const part = item.content[index]
    switch (update.type) {
      case 'assistant_message.content_part.added':
      case 'assistant_message.content_part.done':
        item.content[index] = structuredClone(update.content)
        break
      case 'assistant_message.content_part.text_delta':
        if (part) part.text += update.delta
        break
      case 'assistant_message.content_part.annotation_added':
        if (part) part.annotations.splice(update.annotation_index, 0, structuredClone(update.annotation))
        break
    }
    return item
  }
  if (item.type === 'generated_image') {
    // The latest partial image: what a cancelled stream keeps.
    if (update.type === 'generated_image.updated') item.image = structuredClone(update.image)
    return item
  }
  if (item.type === 'widget') {
    if (update.type === 'widget.root.updated') item.widget = structuredClone(update.widget)
    if (update.type === 'widget.streaming_text.value_delta') {
      const node = findWidgetComponent(item.widget, update.component_id)
      if (node && typeof node.value === 'string') node.value += update.delta
    }
    if (update.type === 'widget.component.updated') {
      const node = findWidgetComponent(item.widget, update.component_id)
      if (node) {
        for (const key of Object.keys(node)) Reflect.deleteProperty(node, key)
        Object.assign(node, structuredClone(update.component))
      }
    }
    return item
  }
  if (item.type === 'workflow') {
    if (update.type === 'workflow.task.added') item.workflow.tasks.push(structuredClone(update.task))
    if (update.type === 'workflow.task.updated')
      item.workflow.tasks[update.task_index] = structuredClone(update.task)
  }
  return item
}
