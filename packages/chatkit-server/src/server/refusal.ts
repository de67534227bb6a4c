import type { ChatKitRequestType } from '../chatKitRequest.ts'
import type { ChatKitRequestError } from '../chatKitServer.ts'
import { NotFoundError } from '../store.ts'

/** A request refused before any work: thrown inside the server, answered as a ChatKitResult. */
export class Refusal extends Error {
  constructor(
    readonly status: 400 | 404 | 501,
    readonly error: ChatKitRequestError,
  ) {
    super(error.message)
  }
}

/** 501: the app gave createChatKitServer no `option` for this request type. */
export const notSupported = (type: ChatKitRequestType, option: string) =>
  new Refusal(501, {
    code: 'not_supported',
    message: `${type} is not supported by this server (createChatKitServer was given no ${option})`,
  })

/** 400 `invalid_request` naming the field at fault: a bad value, or a thing in a state the request cannot act on. */
export const invalidRequest = (path: string, what: string) =>
  new Refusal(400, { code: 'invalid_request', message: `${path}: ${what}`, path })

/** 404 naming the request field. */
export const notFound = (path: string) =>
  new Refusal(404, { code: 'not_found', message: `${path}: not found`, path })

/** Runs a store load; a NotFoundError becomes a 404 naming the request field. */
export async function found<T>(load: Promise<T>, path: string): Promise<T> {
  try {
    return await load
  } catch (error) {
    if (error instanceof NotFoundError) throw notFound(path)
    throw error
  }
}
