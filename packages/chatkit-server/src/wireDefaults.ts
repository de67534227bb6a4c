// The fields chatkit-python's models always send because they have a default (pydantic writes
// defaults; only `None` is left out). An app or a store may leave them out of the plain objects
// it yields or keeps; these fill them in, so the browser gets what a Python server would send.
// Each returns a new object and leaves its argument as it was.
import type { ThreadItemUpdate } from './events.ts'
import type {
  Annotation,
  AssistantMessageContent,
  Attachment,
  Source,
  StructuredInput,
  Task,
  ThreadItem,
  UserMessageContent,
} from './types.ts'
import { serializeWidget } from './widgets/serializeWidget.ts'

function sourceDefaults(source: Source): Source {
  return source.type === 'entity' ? { interactive: false, data: {}, ...source } : source
}

function annotationDefaults(annotation: Annotation): Annotation {
  return { ...annotation, source: sourceDefaults(annotation.source) }
}

/** An assistant content part with its `annotations` (default `[]`), each with its source's defaults. */
export function contentDefaults(content: AssistantMessageContent): AssistantMessageContent {
  return { ...content, annotations: (content.annotations ?? []).map(annotationDefaults) }
}

/** A task with `status_indicator` (default `'none'`) and its type's list defaults. */
export function taskDefaults(task: Task): Task {
  const withStatus = { status_indicator: 'none' as const, ...task }
  if (withStatus.type === 'web_search') return { queries: [], sources: [], ...withStatus }
  if (withStatus.type === 'file') return { sources: [], ...withStatus }
  return withStatus
}

function userContentDefaults(content: UserMessageContent): UserMessageContent {
  return content.type === 'input_tag' ? { interactive: false, ...content } : content
}

function structuredInputDefaults(input: StructuredInput): StructuredInput {
  const answer = input.answer && { values: [], skipped: false, ...input.answer }
  if (input.type === 'multiple_choice') return { multiple: false, ...input, answer }
  return { ...input, answer }
}

/** An attachment with its upload descriptor's `headers` (default `{}`). */
export function attachmentDefaults(attachment: Attachment): Attachment {
  const descriptor = attachment.upload_descriptor
  return descriptor ? { ...attachment, upload_descriptor: { headers: {}, ...descriptor } } : attachment
}

/**
 * An item with every field chatkit-python's model of it has a default for, and a widget without
 * its null fields (in arrays too: chatkit-python drops them there).
 */
export function itemDefaults(item: ThreadItem): ThreadItem {
  switch (item.type) {
    case 'user_message':
      return {
        ...item,
        content: item.content.map(userContentDefaults),
        attachments: (item.attachments ?? []).map(attachmentDefaults),
      }
    case 'assistant_message':
      return { ...item, content: item.content.map(contentDefaults) }
    case 'client_tool_call':
      return { ...item, status: item.status ?? 'pending' }
    case 'structured_input':
      return { ...item, status: item.status ?? 'pending', inputs: item.inputs.map(structuredInputDefaults) }
    case 'workflow':
      return {
        ...item,
        workflow: { expanded: false, ...item.workflow, tasks: item.workflow.tasks.map(taskDefaults) },
      }
    case 'task':
      return { ...item, task: taskDefaults(item.task) }
    case 'widget':
      return { ...item, widget: serializeWidget(item.widget) }
    default:
      return item
  }
}

/** An item update with the defaults of the content or task it carries. */
export function updateDefaults(update: ThreadItemUpdate): ThreadItemUpdate {
  switch (update.type) {
    case 'assistant_message.content_part.added':
    case 'assistant_message.content_part.done':
      return { ...update, content: contentDefaults(update.content) }
    case 'assistant_message.content_part.annotation_added':
      return { ...update, annotation: annotationDefaults(update.annotation) }
    case 'workflow.task.added':
    case 'workflow.task.updated':
      return { ...update, task: taskDefaults(update.task) }
    case 'widget.root.updated':
      return { ...update, widget: serializeWidget(update.widget) }
    case 'widget.component.updated':
      return { ...update, component: serializeWidget(update.component) }
    default:
      return update
  }
}
