// The contract between the protocol server and the HTTP handler: createChatKitServer implements
// it, createChatKitHandler consumes it.

/** Why a request was refused before any work was done. */
export type ChatKitRequestErrorCode =
  /** Not JSON of a known request type, or bad params: `path` names the field. */
  | 'invalid_request'
  /** The thread, item or attachment does not exist for this user. */
  | 'not_found'
  /** The app gave no handler for this request type (transcribe, actions, attachments...). */
  | 'not_supported'

/** A refused request: an HTTP status and a JSON body that never echoes a value of the request. */
export interface ChatKitRequestError {
  code: ChatKitRequestErrorCode
  /** What went wrong, for people: names fields, never their values. */
  message: string
  /** The field at fault, as a dotted path (`params.input.content.0.text`), when there is one. */
  path?: string
}

/** What {@link ChatKitServer.process} answers. */
export type ChatKitResult =
  /** A streaming request: Server-Sent Events, one `data: <json>\n\n` frame per event. */
  | { type: 'stream'; stream: ReadableStream<Uint8Array> }
  /** A JSON request: the serialized body, as chatkit-python writes it. */
  | { type: 'json'; body: string }
  /** A refused request; `status` is 400 (`invalid_request`), 404 (`not_found`) or 501 (`not_supported`). */
  | { type: 'error'; status: 400 | 404 | 501; error: ChatKitRequestError }

/** Options of one {@link ChatKitServer.process} call. */
export interface ProcessOptions {
  /**
   * Aborted when the client goes away (the Fetch handler passes `request.signal`). A stream
   * that is aborted, or whose `ReadableStream` is cancelled, stops `respond`, saves the partial
   * assistant message and adds the hidden "cancelled" item, as chatkit-python does.
   * @default undefined (only cancelling the stream stops it)
   */
  signal?: AbortSignal
}

/** ChatKit's server protocol for one app, with the app's own context type. */
export interface ChatKitServer<TContext> {
  /**
   * Handles one parsed request body (`{ type, params, metadata? }`) for an authenticated context.
   * A property, not a method, so the context type is checked strictly: a server that needs
   * `{ userId, tenant }` is not accepted where only `{ userId }` is built.
   */
  process: (body: unknown, context: TContext, options?: ProcessOptions) => Promise<ChatKitResult>
}
