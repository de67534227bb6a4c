'use client'

import { useState, type CSSProperties } from 'react'
import { answerText, type ChatStructuredAnswer, type ChatStructuredInput } from './structuredInput.ts'

/** Props of {@link StructuredInputCard}. */
export interface StructuredInputCardProps {
  item: ChatStructuredInput
  /** Sends the answer (`threads.add_structured_input`); the card waits while `busy`. */
  onAnswer: (answer: ChatStructuredAnswer) => void
  /** A reply is streaming: the options cannot be picked now. */
  busy: boolean
}

const styles = {
  card: { border: '1px solid #c7d2fe', borderRadius: '10px', padding: '0.5em 0.75em', background: '#fff' },
  options: { display: 'flex', gap: '0.5em', flexWrap: 'wrap', marginTop: '0.4em' },
  question: { fontWeight: 600 },
} satisfies Record<string, CSSProperties>

/**
 * A structured input in the chat: while pending, each multiple-choice question with a button per
 * option (the answer is sent once every question has one) and Skip; once answered, each question
 * with what was answered.
 */
export function StructuredInputCard({ item, onAnswer, busy }: StructuredInputCardProps) {
  const [choices, setChoices] = useState<Record<string, string>>({})
  const pending = item.status === 'pending'

  const choose = (questionId: string, value: string) => {
    const next = { ...choices, [questionId]: value }
    setChoices(next)
    if (item.inputs.every((question) => next[question.id] !== undefined)) {
      const answers = Object.fromEntries(
        Object.entries(next).map(([id, chosen]) => [id, { values: [chosen] }]),
      )
      onAnswer({ status: 'answered', answers })
    }
  }

  return (
    <div style={styles.card} data-testid="structured-input" data-status={item.status}>
      {item.inputs.map((question) => (
        <fieldset key={question.id} style={{ border: 0, margin: 0, padding: 0 }}>
          <legend style={styles.question}>{question.question}</legend>
          {pending ? (
            <div style={styles.options}>
              {(question.options ?? []).map(({ value }) => (
                <button
                  key={value}
                  type="button"
                  disabled={busy}
                  aria-pressed={choices[question.id] === value}
                  onClick={() => choose(question.id, value)}
                  data-testid="structured-input-option"
                >
                  {value}
                </button>
              ))}
            </div>
          ) : (
            <p data-testid="structured-input-answer">{answerText(question)}</p>
          )}
        </fieldset>
      ))}
      {pending && (
        <p style={{ margin: '0.4em 0 0' }}>
          <button
            type="button"
            disabled={busy}
            onClick={() => onAnswer({ status: 'skipped', answers: {} })}
            data-testid="structured-input-skip"
          >
            Skip
          </button>
        </p>
      )}
    </div>
  )
}
