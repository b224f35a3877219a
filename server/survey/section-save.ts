import type { Database } from '../db/database.js'
import { parseSectionForm, type ParsedSection } from '../questionnaire/form.js'
import { shownAnswers } from '../questionnaire/prefill.js'
import type { Questionnaire } from '../questionnaire/questionnaire.js'
import type { Section } from '../questionnaire/types.js'
import { nextSection } from '../questionnaire/visibility.js'
import { saveSection } from './response-service.js'
import { loadCommittedAnswers, loadSingleChoices, openResponse } from './responses.js'

/** Whose page is saved: the round's version, the response (null before the first opening), its saved parts and last round's response. */
export interface PageOwner {
  questionnaire: Questionnaire
  roundId: number
  organisationId: number
  responseId: number | null
  versions: Record<string, unknown>
  previousResponseId: number | null
}

/**
 * What a save of one part came to: answers to correct (nothing stored), some questions stored and the ones with
 * errors left as they were stored (`saved` and `unsaved` name them), someone else's save in between, or saved with
 * the part that comes next.
 */
export type SectionSaveResult =
  | { kind: 'invalid', parsed: ParsedSection }
  | { kind: 'partial', parsed: ParsedSection, saved: string[], unsaved: string[] }
  | { kind: 'conflict', parsed: ParsedSection }
  | { kind: 'saved', parsed: ParsedSection, responseId: number, next: Section | 'review' | null }

/** What a removal of one stored row came to: removed, someone else's save in between, or no such row (any more). */
export type RowRemoval = 'removed' | 'conflict' | 'gone'

/**
 * The questions of a page that may be stored although others on it have errors: every question without one, as
 * long as the page was not made from last round's answers (storing part of such a page would lose the rest of
 * last round's answers) and no error concerns the form as a whole. A part never saved is not marked saved for
 * blanks alone. Empty when nothing is to be stored.
 */
function storableQuestions (section: Section, parsed: ParsedSection, partial: boolean, savedBefore: boolean): Section['questions'] {
  if (!partial) return []
  const bad = new Set(parsed.errors.map((e) => e.question))
  if (bad.has('')) return []
  const good = section.questions.filter((q) => !bad.has(q.id))
  return savedBefore || good.some((q) => parsed.answers[q.id] != null) ? good : []
}

/**
 * Saves one part of a response as its page was posted: reads and checks the fields with the round's version,
 * opens the response on the first save, stores the answers only if the page was made from the stored version, and
 * (when asked) finds the part that comes next, where parts not yet saved in a new round count with last round's
 * answers. The route only translates the form and the result to HTTP.
 */
export async function saveSectionPage (db: Database, owner: PageOwner, section: Section, body: Record<string, unknown>, opts: { partial?: boolean, expectedVersion: number, findNext: boolean }, now: Date, actor: string): Promise<SectionSaveResult> {
  const qn = owner.questionnaire
  const parsed = parseSectionForm(qn, section, body)
  const storable = parsed.errors.length === 0 ? section.questions : storableQuestions(section, parsed, opts.partial === true, owner.versions[section.id] !== undefined)
  if (parsed.errors.length > 0 && storable.length === 0) return { kind: 'invalid', parsed }
  const responseId = owner.responseId ?? (await openResponse(db, owner.roundId, owner.organisationId, now)).id
  if (parsed.errors.length > 0) {
    const saved = await saveSection(db, responseId, { ...section, questions: storable }, parsed.answers, opts.expectedVersion, now, actor)
    if (!saved.ok) return { kind: 'conflict', parsed }
    const ids = new Set(storable.map((q) => q.id))
    return { kind: 'partial', parsed, saved: [...ids], unsaved: section.questions.filter((q) => !ids.has(q.id)).map((q) => q.id) }
  }
  const saved = await saveSection(db, responseId, section, parsed.answers, opts.expectedVersion, now, actor)
  if (!saved.ok) return { kind: 'conflict', parsed }
  if (!opts.findNext) return { kind: 'saved', parsed, responseId, next: null }
  const [stored, previous] = await Promise.all([
    loadSingleChoices(db, qn, responseId),
    owner.previousResponseId === null ? null : loadSingleChoices(db, qn, owner.previousResponseId)
  ])
  const next = nextSection(qn, section, shownAnswers(qn, stored, { ...owner.versions, [section.id]: true }, previous))
  return { kind: 'saved', parsed, responseId, next: next ?? 'review' }
}

/**
 * Removes one stored row of a rows question (after the respondent confirmed it on a page of its own), only if the
 * part is still at the version that page showed; the rest of the part is left as stored.
 */
export async function removeSavedRow (db: Database, owner: PageOwner, section: Section, questionId: string, index: number, expectedVersion: number, now: Date, actor: string): Promise<RowRemoval> {
  const q = section.questions.find((x) => x.id === questionId)
  if (q === undefined || owner.responseId === null) return 'gone'
  const stored = (await loadCommittedAnswers(db, owner.questionnaire, owner.responseId))[questionId]
  if (!Array.isArray(stored) || index >= stored.length) return 'gone'
  const rest = stored.filter((_, i) => i !== index)
  const saved = await saveSection(db, owner.responseId, { ...section, questions: [q] }, { [questionId]: rest.length > 0 ? rest : null }, expectedVersion, now, actor)
  return saved.ok ? 'removed' : 'conflict'
}
