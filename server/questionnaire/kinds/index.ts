import type { AnswerValue } from '../answers.js'
import type { ContactQuestion, Question } from '../types.js'
import { contact } from './contact.js'
import type { QuestionKind } from './kind.js'
import { multi } from './multi.js'
import { rows } from './rows.js'
import { single } from './single.js'
import { text } from './text.js'

const kinds = { single, multi, text, contact, rows }

/** The module that handles questions of this one's type. */
export function kindOf (q: Question): QuestionKind<Question, AnswerValue> {
  return kinds[q.type] as unknown as QuestionKind<Question, AnswerValue>
}

/** The module of a kind by its name in a questionnaire (as a survey's figures declare the kind they read). */
export function kindNamed (name: Question['type']): QuestionKind<Question, AnswerValue> {
  return kinds[name] as unknown as QuestionKind<Question, AnswerValue>
}

/** The question as a contact question (who answered: named on the privacy page, deleted by the purge), or null. */
export function asContact (q: Question | undefined): ContactQuestion | null {
  return q !== undefined && kindOf(q) === kindNamed('contact') ? q as ContactQuestion : null
}

/** True when the value counts as an answer (blank is item non-response, never "no"). */
export function isAnswered (q: Question, value: AnswerValue | undefined): boolean {
  return value !== undefined && value !== null && kindOf(q).answered(q, value)
}
