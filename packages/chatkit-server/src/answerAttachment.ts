import type { AttachmentAnswer, AttachmentErrorCode } from './createChatKitAttachments.ts'

/** How the handler writes each kind of answer, with its own headers. */
export interface AttachmentResponders {
  json: (body: string) => Response
  file: (body: ReadableStream<Uint8Array>, headers: Record<string, string>) => Response
  fail: (
    status: number,
    error: { code: AttachmentErrorCode; message: string },
    headers?: Record<string, string>,
  ) => Response
  /** Something threw: report it and answer 500. */
  internal: (error: unknown) => Response
}

/** Runs an upload or a preview and turns its {@link AttachmentAnswer} into a response. */
export async function answerAttachment(
  run: () => Promise<AttachmentAnswer>,
  respond: AttachmentResponders,
): Promise<Response> {
  let result: AttachmentAnswer
  try {
    result = await run()
  } catch (error) {
    return respond.internal(error)
  }
  switch (result.type) {
    case 'json':
      return respond.json(result.body)
    case 'file':
      return respond.file(result.body, result.headers)
    case 'error':
      return respond.fail(result.status, { code: result.code, message: result.message }, result.headers)
  }
}
