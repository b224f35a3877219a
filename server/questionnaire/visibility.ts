import type { Answers } from './answers.js'
import type { Questionnaire } from './questionnaire.js'
import type { Condition, Question, Section } from './types.js'

/** Whether a visibility condition holds for these answers; blank never equals anything. */
export function holds (condition: Condition | undefined, answers: Answers): boolean {
  if (condition === undefined) return true
  const test = (c: { question: string, equals: string }): boolean => answers[c.question] === c.equals
  return condition.mode === 'all' ? condition.clauses.every(test) : condition.clauses.some(test)
}

/** Whether a section is shown to a respondent with these answers. */
export function isSectionVisible (section: Section, answers: Answers): boolean {
  return holds(section.showWhen, answers)
}

/** Whether a question applies: its section is shown and its own condition holds. */
export function isQuestionVisible (section: Section, q: Question, answers: Answers): boolean {
  return isSectionVisible(section, answers) && holds(q.showWhen, answers)
}

/** The sections shown to a respondent, in order. */
export function visibleSections (qn: Questionnaire, answers: Answers): Section[] {
  return qn.sections.filter((s) => isSectionVisible(s, answers))
}

/** The next shown section after this one, or undefined when the review comes next. */
export function nextSection (qn: Questionnaire, current: Section, answers: Answers): Section | undefined {
  const index = qn.sections.indexOf(current)
  return qn.sections.slice(index + 1).find((s) => isSectionVisible(s, answers))
}
