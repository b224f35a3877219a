import type { Question } from './types.js'

export interface MultiAnswer { selected: string[], other: string | null }
export type RowAnswer = Record<string, string | string[] | null>
export type ContactAnswer = Record<string, string | null>
export type AnswerValue = string | MultiAnswer | RowAnswer[] | ContactAnswer | null

/** Stored answers by question id; a missing id means not answered. */
export type Answers = Record<string, AnswerValue | undefined>

/** True when the value counts as an answer (blank is item non-response, never "no"). */
export function isAnswered (q: Question, value: AnswerValue | undefined): boolean {
  if (value === undefined || value === null) return false
  switch (q.type) {
    case 'single':
    case 'text':
      return typeof value === 'string' && value !== ''
    case 'multi':
      return (value as MultiAnswer).selected.length > 0
    case 'rows':
      return (value as RowAnswer[]).length > 0
    case 'contact':
      return Object.values(value as ContactAnswer).some((v) => v !== null && v !== '')
  }
}
