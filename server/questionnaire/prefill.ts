import type { Answers, AnswerValue } from './answers.js'
import type { FormState } from './form.js'
import { isAnswered, kindOf } from './kinds/index.js'
import { descriptionLine } from './kinds/kind.js'
import type { Questionnaire } from './questionnaire.js'
import type { OrganisationKind, Question, Section } from './types.js'
import { isSectionVisible } from './visibility.js'

/** Whether an earlier round's answers say anything in this section (then its page starts from them). */
export function sectionHasAnswers (section: Section, answers: Answers): boolean {
  return section.questions.some((q) => isAnswered(q, answers[q.id] ?? undefined))
}

/** The form state of a page that starts from last round's answers: as stored, every row asking whether it goes on. */
export function prefillState (section: Section, previous: Answers): FormState {
  const state: FormState = {}
  for (const q of section.questions) {
    const kind = kindOf(q)
    state[q.id] = (kind.prefillState ?? kind.state)(q, previous[q.id] ?? null)
  }
  return state
}

/**
 * The answers that decide which parts are shown: this round's saved answers, and for a part not yet saved in this
 * round, last round's answers that its page starts from. So a new round shows the same parts as last round until
 * the official changes an answer that decides them.
 */
export function shownAnswers (qn: Questionnaire, current: Answers, versions: Record<string, unknown>, previous: Answers | null): Answers {
  if (previous === null) return current
  const out: Answers = { ...current }
  for (const s of qn.sections) {
    if (versions[s.id] !== undefined) continue
    for (const q of s.questions) if (out[q.id] === undefined && previous[q.id] !== undefined) out[q.id] = previous[q.id]
  }
  return out
}

/**
 * The shown sections whose page still holds only last round's answers: never saved in this round, while the earlier
 * answer has something in them. Such a page counts as not answered, and the response cannot be sent in before it is
 * saved. `shown` is what shownAnswers gives.
 */
export function pendingPrefill (qn: Questionnaire, shown: Answers, versions: Record<string, unknown>, previous: Answers | null): Section[] {
  if (previous === null) return []
  return qn.sections.filter((s) => versions[s.id] === undefined && isSectionVisible(s, shown) && sectionHasAnswers(s, previous))
}

/** What changed in one question since last round. */
export interface Change {
  /** Last round's answer in one line ('Inte besvarad' when blank); null for rows questions, which list rows instead. */
  before: string | null
  ended: string[]
  added: string[]
}

function oneLine (q: Question, value: AnswerValue | undefined, kind: OrganisationKind, icld: ReadonlySet<string>): string {
  if (value === undefined || value === null || !isAnswered(q, value)) return 'Inte besvarad'
  return descriptionLine(kindOf(q).describe(q, value, { kind, icld }))
}

/** What changed in each question since last round's answer, by question id; questions without a change are left out. */
export function changesSince (qn: Questionnaire, current: Answers, previous: Answers, kind: OrganisationKind, icld: ReadonlySet<string>): Map<string, Change> {
  const out = new Map<string, Change>()
  for (const s of qn.sections) {
    for (const q of s.questions) {
      const now = current[q.id] ?? null
      const before = previous[q.id] ?? null
      if (JSON.stringify(now) === JSON.stringify(before)) continue
      const rows = kindOf(q).rowChanges?.(q, before, now, { kind, icld })
      out.set(q.id, rows === undefined ? { before: oneLine(q, before ?? undefined, kind, icld), ended: [], added: [] } : { before: null, ...rows })
    }
  }
  return out
}
