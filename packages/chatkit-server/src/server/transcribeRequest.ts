import type { JsonRequest } from '../chatKitRequest.ts'
import { notSupported } from './refusal.ts'
import type { ServerCore } from './serverCore.ts'

/** Dictated audio to transcribe. */
export type TranscribeRequest = Extract<JsonRequest, { type: 'input.transcribe' }>

/** `input.transcribe`: the audio decoded, its media type without parameters, to the app's transcribe. */
export async function answerTranscribeRequest<TContext>(
  { options }: ServerCore<TContext>,
  request: TranscribeRequest,
  context: TContext,
): Promise<unknown> {
  if (!options.transcribe) throw notSupported(request.type, 'transcribe')
  const { audio_base64, mime_type } = request.params
  const data = Uint8Array.from(atob(audio_base64), (char) => char.charCodeAt(0))
  const media_type = (mime_type.split(';', 1)[0] ?? '').trim()
  return options.transcribe({ data, mime_type, media_type }, context)
}
