import type { ChatItem } from './chatProtocol.ts'

/** A question of a structured input item, as the chat reads it. */
export interface ChatStructuredQuestion {
  type: string
  id: string
  question: string
  /** The choices of a `multiple_choice` question. */
  options?: { value: string }[]
  answer?: { values?: string[]; skipped?: boolean } | null
}

/** Questions the assistant asks (a tool approval, for one): answered with `threads.add_structured_input`. */
export interface ChatStructuredInput {
  type: 'structured_input'
  id: string
  created_at: string
  status: 'pending' | 'answered' | 'skipped'
  inputs: ChatStructuredQuestion[]
}

/** What `threads.add_structured_input` sends as `input`. */
export interface ChatStructuredAnswer {
  status: 'answered' | 'skipped'
  answers: Record<string, { values: string[] }>
}

/** Whether an item is a structured input the chat can draw. */
export function isStructuredInput(item: ChatItem): item is ChatStructuredInput {
  return item.type === 'structured_input' && 'inputs' in item && Array.isArray(item.inputs)
}

/** What the person answered to a question, as the chat shows it once the item is answered. */
export function answerText(question: ChatStructuredQuestion): string {
  const values = question.answer?.values ?? []
  return question.answer?.skipped || values.length === 0 ? 'Skipped' : values.join(', ')
}
