import type { ThreadStreamEvent } from '../events.ts'
import type { StoreItemType } from '../store.ts'
import type { Task, ThoughtTask, Workflow, WorkflowItem } from '../types.ts'

/** What {@link agentWorkflow} needs from the stream it belongs to. */
export interface AgentWorkflowOptions {
  threadId: string
  generateItemId(type: StoreItemType): string
  /** The clock, ISO 8601. */
  now(): string
  /** An open workflow to continue (its `thread.item.added` already sent). */
  initial?: WorkflowItem | undefined
}

/** A thought whose summary text is still streaming. */
interface StreamingThought {
  itemId: string
  summaryIndex: number
  taskIndex: number
}

/**
 * The workflow a run is filling: tool calls, searches and reasoning as tasks of one
 * `workflow` item, with chatkit-python's rules:
 *
 * - a reasoning item opens a `reasoning` workflow at once (no task yet) so the browser shows it
 *   while the model thinks; its first summary streams into a thought task, delta by delta, and
 *   later summaries are added whole when done;
 * - the workflow ends (`thread.item.done`) when a visible item follows it or the run ends: a
 *   summary already set is kept, else it is the time since the workflow began in whole
 *   seconds; it ends collapsed, and tasks still `loading` are `complete` by then.
 *
 * Events carry copies: later changes to a task never alter an event already yielded.
 */
export function agentWorkflow(options: AgentWorkflowOptions) {
  let item: WorkflowItem | null = options.initial ? structuredClone(options.initial) : null
  /** Task index of a tool call or hosted tool item, by its id. */
  const taskOfKey = new Map<string, number>()
  let thought: StreamingThought | null = null

  function* open(type: Workflow['type'], tasks: Task[]): Generator<ThreadStreamEvent, WorkflowItem> {
    const opened: WorkflowItem = {
      type: 'workflow',
      id: options.generateItemId('workflow'),
      thread_id: options.threadId,
      created_at: options.now(),
      workflow: { type, tasks, expanded: false },
    }
    item = opened
    thought = null
    taskOfKey.clear()
    yield { type: 'thread.item.added', item: structuredClone(opened) }
    return opened
  }

  /** Adds a task, opening a workflow of `type` with it when none is open. */
  function* add(task: Task, type: Workflow['type'], key?: string): Generator<ThreadStreamEvent, number> {
    if (!item) {
      yield* open(type, [task])
      if (key !== undefined) taskOfKey.set(key, 0)
      return 0
    }
    const { tasks } = item.workflow
    tasks.push(task)
    const index = tasks.length - 1
    if (key !== undefined) taskOfKey.set(key, index)
    yield {
      type: 'thread.item.updated',
      item_id: item.id,
      update: { type: 'workflow.task.added', task_index: index, task: structuredClone(task) },
    }
    return index
  }

  function* replace(index: number, task: Task): Generator<ThreadStreamEvent> {
    if (!item) return
    item.workflow.tasks[index] = task
    yield {
      type: 'thread.item.updated',
      item_id: item.id,
      update: { type: 'workflow.task.updated', task_index: index, task: structuredClone(task) },
    }
  }

  return {
    /** The open workflow's id. */
    get id(): string | undefined {
      return item?.id
    },

    /** Opens a workflow of `type` with no task yet, unless one is open. */
    *begin(type: Workflow['type']): Generator<ThreadStreamEvent> {
      if (!item) yield* open(type, [])
    },

    add,

    /** Whether the open workflow has a task for `key`. */
    has(key: string): boolean {
      return taskOfKey.has(key)
    },

    /** Replaces the task added for `key` with `change(task)`; nothing when there is none. */
    *update(key: string, change: (task: Task) => Task): Generator<ThreadStreamEvent> {
      const index = taskOfKey.get(key)
      const task = index === undefined ? undefined : item?.workflow.tasks[index]
      if (index === undefined || !task) return
      yield* replace(index, change(task))
    },

    /** Text of a reasoning summary part: streams the first thought of a reasoning workflow. */
    *thoughtDelta(itemId: string, summaryIndex: number, delta: string): Generator<ThreadStreamEvent> {
      if (!item) return
      const { tasks } = item.workflow
      if (item.workflow.type === 'reasoning' && tasks.length === 0) {
        const index = yield* add({ type: 'thought', content: delta }, 'reasoning')
        thought = { itemId, summaryIndex, taskIndex: index }
        return
      }
      if (!thought || thought.itemId !== itemId || thought.summaryIndex !== summaryIndex) return
      const task = tasks[thought.taskIndex]
      if (task?.type !== 'thought') return
      yield* replace(thought.taskIndex, { ...task, content: task.content + delta })
    },

    /** A finished reasoning summary part: the streamed thought's final text, or a new thought. */
    *thoughtDone(itemId: string, summaryIndex: number, text: string): Generator<ThreadStreamEvent> {
      const streamed = thought
      if (item && streamed && streamed.itemId === itemId && streamed.summaryIndex === summaryIndex) {
        thought = null
        const task = item.workflow.tasks[streamed.taskIndex]
        if (task?.type === 'thought') {
          yield* replace(streamed.taskIndex, { ...task, content: text })
          return
        }
      }
      if (text.trim() === '') return
      const task: ThoughtTask = { type: 'thought', content: text }
      yield* add(task, 'reasoning')
    },

    /** Ends the open workflow; `onDone` gets its id. */
    *end(onDone: (id: string) => void): Generator<ThreadStreamEvent> {
      if (!item) return
      const ended = item
      item = null
      thought = null
      taskOfKey.clear()
      const elapsed = (Date.parse(options.now()) - Date.parse(ended.created_at)) / 1000
      const done: WorkflowItem = {
        ...ended,
        workflow: {
          ...ended.workflow,
          // Hosted tools report no output of their own: the run moving on means they finished.
          tasks: ended.workflow.tasks.map((task) =>
            task.status_indicator === 'loading' ? { ...task, status_indicator: 'complete' } : task,
          ),
          summary: ended.workflow.summary ?? { duration: Math.max(0, Math.floor(elapsed)) },
          expanded: false,
        },
      }
      onDone(done.id)
      yield { type: 'thread.item.done', item: done }
    },
  }
}

/** The workflow of one run: see {@link agentWorkflow}. */
export type AgentWorkflow = ReturnType<typeof agentWorkflow>
