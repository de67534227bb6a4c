import type { ReactNode } from 'react'

/** The frame every session story is drawn in: one column, the subject first. */
export function StoryCard({ children }: { children: ReactNode }) {
  return <div style={{ display: 'grid', gap: '0.9em', justifyItems: 'start' }}>{children}</div>
}
