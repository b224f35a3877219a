import type { Answers } from './answers.js'
import type { FieldError, FormState } from './form.js'
import { isAnswered, kindOf } from './kinds/index.js'
import type { RowEdit } from './kinds/kind.js'
import type { Questionnaire } from './questionnaire.js'
import type { Condition, OrganisationKind, Section } from './types.js'
import { isQuestionVisible, isSectionVisible } from './visibility.js'
import { fillOrg, word } from './wording.js'

function conditionText (qn: Questionnaire, c: Condition): string {
  const parts = c.clauses.map((cl) => {
    const q = qn.question(cl.question)
    const option = kindOf(q).conditionOption?.(q, cl.equals)
    return `${option === undefined ? cl.equals : word(option.label, 'municipality')} på fråga ${qn.questionNumber(cl.question)}`
  })
  return `Besvaras bara om ni har svarat ${parts.join(c.mode === 'all' ? ' och ' : ' eller ')}.`
}

function showWhenAttr (c: Condition | undefined): string {
  if (c === undefined) return ''
  return `${c.mode}:${c.clauses.map((cl) => `${cl.question}=${cl.equals}`).join(',')}`
}

/** What the section template needs for each question: texts filled in, values and errors placed (each kind adds its own part). */
export function questionViews (qn: Questionnaire, section: Section, kind: OrganisationKind, state: FormState, errors: FieldError[], edit: RowEdit | null, icld: ReadonlySet<string>): Array<Record<string, unknown>> {
  const errorById = new Map<string, string>()
  for (const e of errors) if (!errorById.has(e.id)) errorById.set(e.id, e.message)
  return section.questions.map((q) => {
    const s = state[q.id] ?? kindOf(q).state(q, null)
    return {
      id: q.id,
      type: q.type,
      number: qn.questionNumber(q.id),
      text: fillOrg(q.text, kind),
      hint: q.hint ?? null,
      condition: q.showWhen === undefined ? null : conditionText(qn, q.showWhen),
      showWhen: showWhenAttr(q.showWhen),
      error: errorById.get(q.id) ?? null,
      errorById: Object.fromEntries(errorById),
      ...kindOf(q).view(q, s, { kind, icld, errors: errorById, edit })
    }
  })
}

export interface Step { id: string, letter: string, title: string, href: string, current: boolean, saved: boolean, skipped: boolean }

/**
 * The progress indicator: every section and the review step, always the same list, so the count never changes
 * while answering; sections that do not apply with the answers given so far are marked as skipped.
 */
export function progressSteps (qn: Questionnaire, answers: Answers, versions: Record<string, unknown>, current: string): { steps: Step[], position: number, total: number } {
  const steps: Step[] = qn.sections.map((s) => ({
    id: s.id, letter: s.letter, title: s.title, href: `/enkat/del/${s.id}`, current: s.id === current, saved: versions[s.id] !== undefined, skipped: !isSectionVisible(s, answers)
  }))
  steps.push({ id: 'review', letter: '', title: 'Granska och skicka in', href: '/enkat/granska', current: current === 'review', saved: false, skipped: false })
  const position = Math.max(1, steps.findIndex((s) => s.current) + 1)
  return { steps, position, total: steps.length }
}

/** Every section with its shown questions and answers written out; skipped sections say why. */
export function reviewSections (qn: Questionnaire, answers: Answers, kind: OrganisationKind, icld: ReadonlySet<string>, onlySection?: string): Array<Record<string, unknown>> {
  return qn.sections.filter((s) => onlySection === undefined || s.id === onlySection).map((s) => ({
    id: s.id,
    letter: s.letter,
    title: s.title,
    skipped: !isSectionVisible(s, answers),
    skippedBecause: s.skippedBecause ?? null,
    questions: s.questions.filter((q) => isQuestionVisible(s, q, answers)).map((q) => {
      const value = answers[q.id]
      return {
        id: q.id,
        number: qn.questionNumber(q.id),
        text: fillOrg(q.text, kind),
        answer: value === undefined || value === null || !isAnswered(q, value) ? { blank: true } : kindOf(q).describe(q, value, { kind, icld })
      }
    })
  }))
}

/**
 * Both sides of a save that met a colleague's, for every question of the part: what the respondent tried to save
 * and what is stored now, each written out as on the review page, and whether they differ.
 */
export function conflictQuestions (qn: Questionnaire, section: Section, mine: Answers, stored: Answers, kind: OrganisationKind, icld: ReadonlySet<string>): Array<Record<string, unknown>> {
  const describe = (q: Section['questions'][number], v: Answers[string] | undefined): Record<string, unknown> =>
    v === undefined || v === null || !isAnswered(q, v) ? { blank: true } : kindOf(q).describe(q, v, { kind, icld })
  return section.questions.map((q) => {
    const a = describe(q, mine[q.id])
    const b = describe(q, stored[q.id])
    return { id: q.id, number: qn.questionNumber(q.id), text: fillOrg(q.text, kind), mine: a, stored: b, same: JSON.stringify(a) === JSON.stringify(b) }
  })
}

function questionList (qn: Questionnaire, ids: string[]): string {
  const numbers = ids.map((id) => String(qn.questionNumber(id)))
  return numbers.length === 1 ? `fråga ${numbers[0]}` : `fråga ${numbers.slice(0, -1).join(', ')} och ${numbers.at(-1)}`
}

/** The sentence after a save that stored some questions of a page and kept back those with errors. */
export function partialSaveText (qn: Questionnaire, saved: string[], unsaved: string[]): string {
  const stored = saved.length === 1 ? `Svaret på ${questionList(qn, saved)} är sparat` : `Svaren på ${questionList(qn, saved)} är sparade`
  const kept = unsaved.length === 1 ? `svaret på ${questionList(qn, unsaved)}` : `svaren på ${questionList(qn, unsaved)}`
  return `${stored}, men inte ${kept}.`
}
