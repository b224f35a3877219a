import type { Answers } from './answers.js'
import { FormReader, type FieldError } from './kinds/form-reader.js'
import type { QuestionState } from './kinds/kind.js'
import { kindOf } from './kinds/index.js'
import { storedCount, storedIndex } from './kinds/rows-view.js'
import type { Questionnaire } from './questionnaire.js'
import type { Section } from './types.js'

export type { FieldError } from './kinds/form-reader.js'
export type MultiState = { selected: string[], other: string }
export type RowState = Record<string, string>
export type { QuestionState }
/** What the form shows: the user's input as typed, by question id. */
export type FormState = Record<string, QuestionState>

export interface ParsedSection {
  state: FormState
  answers: Answers
  errors: FieldError[]
}

type Body = Record<string, unknown>

/**
 * The first rows question of the section for which the body names a row beyond its maximum (pages never show more
 * rows than that), or null. Cheap enough to run before anything else reads the body.
 */
export function rowBeyondMaximum (section: Section, body: Body): { id: string, maxRows: number } | null {
  const lists = section.questions.flatMap((q) => {
    const list = kindOf(q).rowList?.(q)
    return list === undefined ? [] : [{ id: q.id, maxRows: list.max }]
  })
  if (lists.length === 0) return null
  for (const key of Object.keys(body)) {
    const m = /^([a-z0-9_]+)\.(\d+)\./.exec(key)
    if (m === null) continue
    const q = lists.find((x) => x.id === m[1])
    if (q === undefined) continue
    const index = m[2] ?? ''
    if (index.length > 6 || Number(index) >= q.maxRows) return q
  }
  return null
}

/** Reads one section's fields from a form body, validates them and returns answers or errors. */
export function parseSectionForm (qn: Questionnaire, section: Section, body: Body): ParsedSection {
  const form = new FormReader(body, (id) => qn.questionNumber(id))
  const state: FormState = {}
  const answers: Answers = {}
  for (const q of section.questions) {
    const [s, a] = kindOf(q).parse(form, q)
    state[q.id] = s
    answers[q.id] = a
  }
  return { state, answers, errors: form.errors }
}

/** The form state that shows stored answers. */
export function stateFromAnswers (section: Section, answers: Answers): FormState {
  const state: FormState = {}
  for (const q of section.questions) state[q.id] = kindOf(q).state(q, answers[q.id] ?? null)
  return state
}

/** How many rows of a rows question a saved page stored (0 for any other question). */
export function storedRowCount (state: FormState, question: string): number {
  const s = state[question]
  return Array.isArray(s) ? storedCount(s) : 0
}

/** Where a row of a saved page ended up among the stored rows of its question, or null when it was not stored. */
export function storedRowIndex (state: FormState, question: string, index: number): number | null {
  const s = state[question]
  return Array.isArray(s) ? storedIndex(s, index) : null
}
