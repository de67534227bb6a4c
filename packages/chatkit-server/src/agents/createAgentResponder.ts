import { run, type Agent, type AgentOutputType, type RunContext, type Runner } from '@openai/agents'
import type { RespondFunction } from '../createChatKitServer.ts'
import type { AttachmentFileStore } from '../attachmentFileStore.ts'
import { NotFoundError, type Store } from '../store.ts'
import type { ThreadMetadata } from '../types.ts'
import { agentErrorEvent, logAgentError } from './agentErrorEvent.ts'
import { loadAttachmentInputs } from './attachmentToAgentInput.ts'
import { createChatKitRunContext } from './chatKitRunContext.ts'
import { loadThreadHistory } from './loadThreadHistory.ts'
import { streamAgentResponse, type StreamAgentResponseOptions } from './streamAgentResponse.ts'
import { threadItemsToAgentInput, type ThreadItemsToAgentInputOptions } from './threadItemsToAgentInput.ts'
import {
  answeredRun,
  askForApprovals,
  hasRunStateType,
  resumePausedRun,
  savedRuns,
  skipPendingApprovals,
  withApprovedCalls,
  type ToolApprovalOptions,
} from './toolApprovals.ts'

/** How many of the thread's latest items the agent reads, unless `historyLimit` says otherwise. */
export const DEFAULT_HISTORY_LIMIT = 100

/** Options of {@link createAgentResponder}. */
export interface CreateAgentResponderOptions<
  TContext = unknown,
  TRunContext = unknown,
  TOutput extends AgentOutputType = 'text',
> {
  /** The agent that answers. */
  agent: Agent<TRunContext, TOutput>
  /** The store the ChatKit server uses: the history is read from it. */
  store: Store<TContext>
  /**
   * The run context the agent's tools receive (`run(agent, input, { context })`), built per
   * request from the thread and the app's context (the user). Tools read it as
   * `runContext.context`; `chatKitContext(runContext)` gives them the thread's side of the
   * run (`streamWidget`), whatever this returns.
   * @default undefined (no run context)
   */
  runContext?: (thread: ThreadMetadata, context: TContext) => TRunContext
  /**
   * The runner that runs the agent, for a shared configuration (model provider, tracing...).
   * @default the SDK's shared runner (`run` of `@openai/agents`)
   */
  runner?: Runner
  /**
   * The most turns (model calls) one answer may take.
   * @default the SDK's default (10)
   */
  maxTurns?: number
  /**
   * How many of the thread's latest items the agent reads (hidden context included).
   * @default 100 ({@link DEFAULT_HISTORY_LIMIT})
   */
  historyLimit?: number
  /**
   * How thread items become agent input (attachments, tags, your own conversions).
   * @default {} (the default conversion of {@link threadItemsToAgentInput})
   */
  input?: ThreadItemsToAgentInputOptions
  /**
   * Where the attachments' bytes are (`createChatKitAttachments(...).files`): images reach the
   * model as image input, PDFs and text as file input, other files by name and type, in every
   * turn (see `loadAttachmentInputs`). An `input.attachmentToInput` of yours still wins.
   * @default undefined (attachments go through `input.attachmentToInput`)
   */
  attachments?: AttachmentFileStore<TContext>
  /**
   * The task shown for a tool call.
   * @default a custom task titled with the tool's name
   */
  describeToolCall?: StreamAgentResponseOptions['describeToolCall']
  /**
   * Names of tools the browser runs (ChatKit's client tools): see
   * {@link StreamAgentResponseOptions.clientToolNames}.
   * @default [] (no client tools)
   */
  clientToolNames?: readonly string[]
  /**
   * How a tool call that needs approval (an Agents SDK tool with `needsApproval`) is asked
   * about: the run pauses, its state is saved in the thread as a hidden item, and the user gets
   * a structured input (Approve / Reject). Their answer resumes the run, in any process that
   * shares the store; a new message instead rejects the calls and answers the message.
   * @default {} (`Allow <tool>? <arguments summary>`, `Approve` / `Reject`)
   */
  approvals?: ToolApprovalOptions
  /**
   * How the run's images and citations are shown: where a generated image is kept
   * (`base64ImageToUrl`), how many partial images to count progress against (`partialImages`),
   * your own citation conversion (`citationToAnnotation`). See {@link StreamAgentResponseOptions}.
   * @default {} (data URLs, progress 0, chatkit-python's citation conversion)
   */
  display?: Pick<StreamAgentResponseOptions, 'base64ImageToUrl' | 'partialImages' | 'citationToAnnotation'>
  /**
   * Gets the real error when a run fails; the browser gets a `stream.error` event without it.
   * @default logs with console.error
   */
  onError?: (error: unknown) => void
}

/**
 * A `respond` for `createChatKitServer` that answers with an Agents SDK agent: it reads the
 * thread's history from the store (the new user message included, as the server saved it
 * before calling `respond`), runs the agent streamed with the request's abort signal, and
 * yields the run as ChatKit events ({@link streamAgentResponse}). Cancelling the stream aborts
 * the run, and so the model call.
 *
 * ```ts
 * const server = createChatKitServer({ store, respond: createAgentResponder({ agent, store }) })
 * ```
 */
export function createAgentResponder<
  TContext,
  TRunContext = unknown,
  TOutput extends AgentOutputType = 'text',
>(options: CreateAgentResponderOptions<TContext, TRunContext, TOutput>): RespondFunction<TContext> {
  const { agent, store } = options
  const limit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT
  const onError = options.onError ?? logAgentError
  // The saved state of a paused run is for the bridge alone: never model input.
  const inputOptions: ThreadItemsToAgentInputOptions = {
    ...options.input,
    itemToInput: (item) => (hasRunStateType(item) ? [] : options.input?.itemToInput?.(item)),
  }
  // The questions whose saved run (one per question) a request of this responder is resuming,
  // until that request's stream ends: a second answer to one (a double click) finds it claimed,
  // or its run already deleted, and ends without a reply. Across processes only the store can
  // tell, and the Store interface has no conditional delete.
  const resuming = new Set<string>()
  return async function* respond(thread, input, context, { signal, generateItemId, now }) {
    // The server stops pulling on cancel; aborting here also ends a run that is between events.
    const abort = new AbortController()
    const onAbort = () => abort.abort()
    signal.addEventListener('abort', onAbort, { once: true })
    if (signal.aborted) abort.abort()
    let claimed: string | undefined
    let runContext: RunContext<TRunContext> | undefined
    try {
      let result
      let approved: Awaited<ReturnType<typeof resumePausedRun>>['approved'] = []
      try {
        // The tools' side channel to the thread (widgets), closed when the request ends.
        // Undefined only without a runContext option, as the SDK had it before (`run` without context).
        const appContext = options.runContext?.(thread, context) as TRunContext
        runContext = createChatKitRunContext(appContext, {
          threadId: thread.id,
          generateItemId,
          now,
          signal: abort.signal,
        })
        const runOptions = {
          stream: true as const,
          signal: abort.signal,
          context: runContext,
          ...(options.maxTurns === undefined ? {} : { maxTurns: options.maxTurns }),
        }
        const items = await loadThreadHistory(store, thread.id, context, limit)
        const saved = savedRuns(items, onError)
        const deleteState = (id: string) => store.deleteThreadItem(thread.id, id, context)
        // A continuation (input null) right after the user answered the question of a paused run.
        const answered = input ? undefined : answeredRun(items, saved)
        if (answered && resuming.has(answered.question.id)) return
        if (answered) {
          // Claimed before any await, and re-read: another request may have resumed it already.
          claimed = answered.question.id
          resuming.add(claimed)
          try {
            await store.loadItem(thread.id, answered.stateItem.id, context)
          } catch (error) {
            if (error instanceof NotFoundError) return
            throw error
          }
          // Taken out before the run resumes, so that it resumes once.
          await deleteState(answered.stateItem.id)
          const resumed = await resumePausedRun(agent, answered, runOptions.context, options.approvals)
          approved = resumed.approved
          result = options.runner
            ? await options.runner.run(agent, resumed.state, runOptions)
            : await run(agent, resumed.state, runOptions)
        } else {
          // A new message answers instead of the user: the questions still pending are skipped.
          // Either way no saved run is resumed from now on: every one is deleted.
          const history = input ? yield* skipPendingApprovals(items, saved, deleteState) : items
          if (!input) for (const stateItem of saved) await deleteState(stateItem.id)
          // The files of the history's attachments, read from the file store for this turn.
          const attachmentToInput =
            options.attachments && (await loadAttachmentInputs(history, options.attachments, context))
          const agentInput = await threadItemsToAgentInput(
            history,
            attachmentToInput ? { attachmentToInput, ...inputOptions } : inputOptions,
          )
          result = options.runner
            ? await options.runner.run(agent, agentInput, runOptions)
            : await run(agent, agentInput, runOptions)
        }
      } catch (error) {
        if (abort.signal.aborted) return
        yield agentErrorEvent(error, onError)
        return
      }
      yield* streamAgentResponse(withApprovedCalls(result, approved), {
        ...options.display,
        threadId: thread.id,
        generateItemId,
        now,
        signal: abort.signal,
        runContext,
        onError,
        ...(options.describeToolCall ? { describeToolCall: options.describeToolCall } : {}),
        ...(options.clientToolNames ? { clientToolNames: options.clientToolNames } : {}),
      })
      if (abort.signal.aborted || result.interruptions.length === 0) return
      try {
        yield* askForApprovals(result.interruptions, result.state, {
          threadId: thread.id,
          generateItemId,
          now,
          approvals: options.approvals,
        })
      } catch (error) {
        yield agentErrorEvent(error, onError)
      }
    } finally {
      if (claimed !== undefined) resuming.delete(claimed)
      signal.removeEventListener('abort', onAbort)
      abort.abort()
    }
  }
}
