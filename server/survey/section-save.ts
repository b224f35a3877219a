import type { Database } from '../db/database.js'
import { parseSectionForm, type ParsedSection } from '../questionnaire/form.js'
import { shownAnswers } from '../questionnaire/prefill.js'
import type { Questionnaire } from '../questionnaire/questionnaire.js'
import type { Section } from '../questionnaire/types.js'
import { nextSection } from '../questionnaire/visibility.js'
import { saveSection } from './response-service.js'
import { loadSingleChoices, openResponse } from './responses.js'

/** Whose page is saved: the round's version, the response (null before the first opening), its saved parts and last round's response. */
export interface PageOwner {
  questionnaire: Questionnaire
  roundId: number
  organisationId: number
  responseId: number | null
  versions: Record<string, unknown>
  previousResponseId: number | null
}

/** What a save of one part came to: answers to correct, someone else's save in between, or saved with the part that comes next. */
export type SectionSaveResult =
  | { kind: 'invalid', parsed: ParsedSection }
  | { kind: 'conflict', parsed: ParsedSection }
  | { kind: 'saved', parsed: ParsedSection, responseId: number, next: Section | 'review' | null }

/**
 * Saves one part of a response as its page was posted: reads and checks the fields with the round's version,
 * opens the response on the first save, stores the answers only if the page was made from the stored version, and
 * (when asked) finds the part that comes next, where parts not yet saved in a new round count with last round's
 * answers. The route only translates the form and the result to HTTP.
 */
export async function saveSectionPage (db: Database, owner: PageOwner, section: Section, body: Record<string, unknown>, opts: { removeRow?: { question: string, index: number }, expectedVersion: number, findNext: boolean }, now: Date, actor: string): Promise<SectionSaveResult> {
  const qn = owner.questionnaire
  const parsed = parseSectionForm(qn, section, body, opts.removeRow)
  if (parsed.errors.length > 0) return { kind: 'invalid', parsed }
  const responseId = owner.responseId ?? (await openResponse(db, owner.roundId, owner.organisationId, now)).id
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
