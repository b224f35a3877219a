import type { AnswerValue } from '../answers.js'
import type { Question } from '../types.js'
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

/** True when the value counts as an answer (blank is item non-response, never "no"). */
export function isAnswered (q: Question, value: AnswerValue | undefined): boolean {
  return value !== undefined && value !== null && kindOf(q).answered(q, value)
}
