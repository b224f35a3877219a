import type { Questionnaire } from '../../questionnaire/questionnaire.js'
import { questionViews } from '../../questionnaire/view-model.js'
import { counted } from '../../statistics/format.js'

/**
 * What questionnaire-preview.eta shows of an uploaded version (for a new round or a new survey): one part, empty,
 * as a kommun or a region sees it, with its neighbours; null when the version has no such part. The caller adds
 * its own links back to the review and between parts.
 */
export function partPreview (qn: Questionnaire, sectionId: string, som: string | undefined, icld: ReadonlySet<string>) {
  const section = qn.findSection(sectionId)
  if (section === undefined) return null
  const kind = som === 'region' ? 'region' : 'municipality'
  const index = qn.sections.indexOf(section)
  return {
    title: `Förhandsvisning: del ${section.letter} som ${kind === 'region' ? 'region' : 'kommun'}`,
    hash: qn.hash,
    kind,
    section: { id: section.id, letter: section.letter, title: section.title, definitions: section.definitions, skippedBecause: section.skippedBecause ?? null },
    questions: questionViews(qn, section, kind, {}, [], null, icld),
    previous: qn.sections[index - 1]?.id ?? null,
    next: qn.sections[index + 1]?.id ?? null
  }
}

/** What an uploaded version holds, in words for its review page ("3 delar, 1 fråga"). */
export function versionContents (qn: Questionnaire): string {
  return `${counted(qn.sections.length, 'del', 'delar')}, ${counted(qn.questions.length, 'fråga', 'frågor')}`
}
