import type { Answers } from './answers.js'
import { kindOf } from './kinds/index.js'
import type { Questionnaire } from './questionnaire.js'
import type { Condition, OrganisationKind } from './types.js'
import { isSectionVisible } from './visibility.js'
import { word } from './wording.js'

/** How far a part has come: the start page's task list shows it as a status beside the part. */
export type TaskState = 'saved' | 'prefilled' | 'not_started' | 'waiting' | 'skipped'

export interface Task {
  id: string
  letter: string
  title: string
  /** Null for a part that does not apply with the answers given so far: there is nothing to fill in there yet. */
  href: string | null
  state: TaskState
  status: string
  /** What makes a part that does not apply appear, with question numbers of this version ("Visas om ni svarar Ja på fråga 1"). */
  hint: string | null
}

/**
 * The condition as the respondent's own choice, question numbers computed from the version: clauses with the same
 * option are joined ("Ja på fråga 1 eller fråga 2").
 */
export function conditionChoice (qn: Questionnaire, c: Condition, kind: OrganisationKind): string {
  const groups: Array<{ label: string, numbers: number[] }> = []
  for (const cl of c.clauses) {
    const q = qn.question(cl.question)
    const option = kindOf(q).conditionOption?.(q, cl.equals)
    const label = option === undefined ? cl.equals : word(option.label, kind)
    const last = groups.at(-1)
    if (last !== undefined && last.label === label) last.numbers.push(qn.questionNumber(cl.question))
    else groups.push({ label, numbers: [qn.questionNumber(cl.question)] })
  }
  const join = c.mode === 'all' ? ' och ' : ' eller '
  return groups.map((g) => `${g.label} på ${g.numbers.map((n) => `fråga ${n}`).join(join)}`).join(join)
}

/**
 * The start page's task list (the GOV.UK pattern): every part in order with its status. A part that does not apply
 * yet says what makes it appear; one whose deciding questions were answered otherwise says it is skipped.
 */
export function taskList (qn: Questionnaire, shown: Answers, versions: Record<string, unknown>, pending: ReadonlySet<string>, kind: OrganisationKind, prefilledFrom: string | null): Task[] {
  return qn.sections.map((s) => {
    const base = { id: s.id, letter: s.letter, title: s.title }
    if (!isSectionVisible(s, shown) && s.showWhen !== undefined) {
      const choice = `Visas om ni svarar ${conditionChoice(qn, s.showWhen, kind)}`
      const decided = s.showWhen.clauses.some((cl) => shown[cl.question] !== undefined && shown[cl.question] !== null)
      return decided
        ? { ...base, href: null, state: 'skipped' as const, status: 'Hoppas över', hint: `${choice}.` }
        : { ...base, href: null, state: 'waiting' as const, status: choice, hint: null }
    }
    const href = `/enkat/del/${s.id}`
    if (versions[s.id] !== undefined) return { ...base, href, state: 'saved' as const, status: 'Sparad', hint: null }
    if (pending.has(s.id)) return { ...base, href, state: 'prefilled' as const, status: prefilledFrom === null ? 'Ifylld, inte sparad' : `Ifylld från omgång ${prefilledFrom}, inte sparad`, hint: null }
    return { ...base, href, state: 'not_started' as const, status: 'Inte påbörjad', hint: null }
  })
}
