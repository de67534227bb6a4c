import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { createChatKitServer, type RespondFunction, type Store } from '@chatkit-session/chatkit-server'
import {
  createChatKitAttachments,
  type AttachmentFileStore,
} from '@chatkit-session/chatkit-server/attachments'
import { createChatKitHandler } from '@chatkit-session/chatkit-server/fetch'
import { createPostgresAttachmentStore, createPostgresStore } from '@chatkit-session/chatkit-server/postgres'
import { createChatKitServerStandIn, createScriptedResponder } from '@chatkit-session/testing/emulator'
import { PGlite } from '@electric-sql/pglite'
import { asksForApproval, createScriptedApprovalResponder } from './scriptedApprovalAgent.ts'
import { createAttachmentResponder } from './scriptedAttachments.ts'
import { asksForWeather, createWeatherResponder, weatherRefreshAction } from './scriptedWeather.ts'

/** Options of {@link createDemoChatKitServer}. */
export interface DemoChatKitServerOptions {
  /** The HS256 secret the token issuer signs with. */
  secret: string | Uint8Array
  /** The tokens' `aud` claim: tokens for anyone else are refused. */
  audience: string
  /** The PGlite database's folder. */
  dataDir: string
  /** The scripted responder's pause between words, in milliseconds. */
  wordDelayMs: number
  /**
   * Answer with an Agents SDK agent instead of the scripted responder (the demos pass it when
   * `OPENAI_API_KEY` is set; the SDK reads the key and `OPENAI_BASE_URL` itself). `model` is
   * `OPENAI_MODEL`; `undefined` takes the SDK's default model.
   * @default undefined (the scripted responder, no network)
   */
  agent?: { model: string | undefined }
  /**
   * Put the testing stand-in in front of the server, serving its `/__chatkit-server/*` control
   * routes (force 401s, read the log): for the end-to-end tests only.
   * @default false
   */
  control?: boolean
  /**
   * The handler's URL as the browser reaches it: uploads and preview links point there.
   * @default '/api/chatkit'
   */
  url?: string
  /**
   * What the server's log lines start with.
   * @default '[demo]'
   */
  logPrefix?: string
}

/** What {@link createDemoChatKitServer} returns. */
export interface DemoChatKitServer {
  /** The Fetch handler to mount at `/api/chatkit`. */
  handle: (request: Request) => Promise<Response>
  /** Settles once the database is open and migrated: await it at start-up to fail early. */
  ready: Promise<void>
  /** Closes the database (at shutdown). */
  close: () => Promise<void>
}

/**
 * Both demos' own ChatKit server: `createChatKitServer` over `createPostgresStore` on PGlite in
 * `dataDir`, answering with the scripted responder, behind `createChatKitHandler`'s token check
 * (and, with `control`, the testing stand-in). Attachments are uploaded to the same URL (the
 * direct strategy) and kept in the same database.
 */
export function createDemoChatKitServer(options: DemoChatKitServerOptions): DemoChatKitServer {
  const { secret, audience, dataDir, wordDelayMs, agent, control = false, logPrefix = '[demo]' } = options
  const { url = '/api/chatkit' } = options
  // PGlite makes its own folder but not the ones above it: `.data` is missing on a fresh clone.
  mkdirSync(dataDir, { recursive: true })
  const db = new PGlite(dataDir)
  const threads = createPostgresStore<Context>({ db })
  const files = createPostgresAttachmentStore<Context>({ db })
  // Attachments' bytes in the same database; preview links signed with a key of this process.
  const attachments = createChatKitAttachments({
    store: threads,
    files,
    secret: randomBytes(32),
    url,
  })
  const { store } = attachments
  const server = createChatKitServer<Context>({
    store,
    attachmentStore: attachments,
    // The weather card's Refresh button, whoever answered with the card.
    actions: { 'weather.refresh': weatherRefreshAction<Context>(wordDelayMs) },
    respond: agent
      ? agentResponder(store, attachments.files, agent.model, logPrefix)
      : offlineResponder(store, attachments.files, wordDelayMs, logPrefix),
    onError: (error, { type }) => console.warn(`${logPrefix} ChatKit ${type} failed:`, error),
  })
  const handler = createChatKitHandler({
    server,
    attachments,
    verify: { secret, audience },
    onError: (error, { phase }) => console.warn(`${logPrefix} ChatKit handler (${phase}):`, error),
  })
  const standIn = control
    ? createChatKitServerStandIn({ secret, audience, control, forward: handler })
    : undefined
  const ready = Promise.all([threads.migrate(), files.migrate()]).then(() => {})
  return { handle: standIn?.handle ?? handler, ready, close: () => db.close() }
}

type Context = { userId: string }

/**
 * Without a key: the scripted responder; for a message that carries files, their name, type and
 * size (and an image's width and height); for a message about the weather, a card from the
 * demo's `.widget` file; and for a message that mentions approval (and the
 * answer to its question, a `null` input) an offline Agents SDK agent whose tool needs approval.
 */
function offlineResponder(
  store: Store<Context>,
  files: AttachmentFileStore<Context>,
  wordDelayMs: number,
  logPrefix: string,
): RespondFunction<Context> {
  const scripted = createScriptedResponder<Context>({ wordDelayMs })
  const approvals = createScriptedApprovalResponder(store, (error) =>
    console.warn(`${logPrefix} scripted agent run failed:`, error),
  )
  const weather = createWeatherResponder<Context>(wordDelayMs)
  const described = createAttachmentResponder(files, wordDelayMs)
  return (thread, input, context, options) => {
    const text = input?.content.map((part) => part.text).join(' ') ?? ''
    if (input !== null && input.attachments.length > 0) return described(thread, input, context, options)
    if (input !== null && asksForWeather(text)) return weather(thread, input, context, options)
    const viaAgent = input === null || asksForApproval(text)
    return (viaAgent ? approvals : scripted)(thread, input, context, options)
  }
}

/**
 * An Agents SDK agent as `respond`, loaded on the first message: without a key the demos never
 * load `@openai/agents` (or the `openai` 7 it brings).
 */
function agentResponder(
  store: Store<Context>,
  files: AttachmentFileStore<Context>,
  model: string | undefined,
  logPrefix: string,
): RespondFunction<Context> {
  let loaded: Promise<RespondFunction<Context>> | undefined
  const load = async (): Promise<RespondFunction<Context>> => {
    const [{ createAgentResponder }, { Agent, setTracingDisabled }] = await Promise.all([
      import('@chatkit-session/chatkit-server/agents'),
      import('@openai/agents'),
    ])
    // A demo sends no traces to OpenAI's dashboard.
    setTracingDisabled(true)
    const assistant = new Agent({
      name: 'Assistant',
      instructions:
        'You are the assistant of the chatkit-session demo, a ChatKit server written in TypeScript. Answer briefly.',
      ...(model === undefined ? {} : { model }),
    })
    return createAgentResponder({
      agent: assistant,
      store,
      attachments: files,
      onError: (error) => console.warn(`${logPrefix} agent run failed:`, error),
    })
  }
  return async function* respond(thread, input, context, respondOptions) {
    loaded ??= load()
    yield* (await loaded)(thread, input, context, respondOptions)
  }
}
