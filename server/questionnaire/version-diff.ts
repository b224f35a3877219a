import type { Questionnaire } from './questionnaire.js'
import { kindOf } from './kinds/index.js'
import type { Question } from './types.js'
import { neutralText } from './wording.js'

// What changed between two questionnaire versions, by stable id: questions added and removed, questions reworded
// (same id, other text or option texts) and questions whose options changed under a kept id. A kept id says "the
// same question", so answers carry over and trends go on; an option list changed under a kept id must therefore be
// confirmed as the same question, or the question given a new id.

/** A question as a change names it: id, number in its version and text. */
export interface QuestionRef { id: string, number: number, text: string }
/** A question whose option ids changed under a kept id (for rows: `field=option`). */
export interface OptionsChange extends QuestionRef { added: string[], removed: string[], /** Each added or removed option's text, by id. */ labels: Record<string, string> }
export interface Reworded extends QuestionRef { before: string, changes: string[] }

export interface VersionDiff {
  added: QuestionRef[]
  removed: QuestionRef[]
  reworded: Reworded[]
  optionsChanged: OptionsChange[]
}

function ref (qn: Questionnaire, q: Question): QuestionRef {
  return { id: q.id, number: qn.questionNumber(q.id), text: neutralText(q.text) }
}

/** A question's options by id with their texts, as its kind names them (for rows questions `field=option`). */
function options (q: Question): Map<string, string> {
  return kindOf(q).optionLabels(q)
}

/** What changed from one version to the next. */
export function diffVersions (before: Questionnaire, after: Questionnaire): VersionDiff {
  const diff: VersionDiff = { added: [], removed: [], reworded: [], optionsChanged: [] }
  for (const q of before.questions) if (!after.hasQuestion(q.id)) diff.removed.push(ref(before, q))
  for (const q of after.questions) {
    if (!before.hasQuestion(q.id)) { diff.added.push(ref(after, q)); continue }
    const old = before.question(q.id)
    const [was, is] = [options(old), options(q)]
    const added = [...is.keys()].filter((id) => !was.has(id))
    const removed = [...was.keys()].filter((id) => !is.has(id))
    if (kindOf(old) !== kindOf(q) || added.length > 0 || removed.length > 0) {
      diff.optionsChanged.push({ ...ref(after, q), added, removed, labels: Object.fromEntries([...added.map((id) => [id, is.get(id) ?? '']), ...removed.map((id) => [id, was.get(id) ?? ''])]) })
      continue
    }
    const changes: string[] = []
    if (old.text !== q.text) changes.push(`frågetexten: ”${neutralText(old.text)}” blir ”${neutralText(q.text)}”`)
    for (const [id, text] of is) if (was.get(id) !== text) changes.push(`${id}: ”${was.get(id)}” blir ”${text}”`)
    if ((old.hint ?? '') !== (q.hint ?? '')) changes.push('hjälptexten')
    if (changes.length > 0) diff.reworded.push({ ...ref(after, q), before: neutralText(old.text), changes })
  }
  return diff
}

/** The option lists changed under a kept id that are not confirmed as the same question: each must be confirmed or given a new id. */
export function unconfirmed (diff: VersionDiff, confirmed: readonly string[]): OptionsChange[] {
  return diff.optionsChanged.filter((c) => !confirmed.includes(c.id))
}

/** The changes in Swedish, one line each, for the command line and the admin page. */
export function diffLines (diff: VersionDiff): string[] {
  const lines: string[] = []
  for (const q of diff.added) lines.push(`Ny fråga ${q.number} (${q.id}): ${q.text}`)
  for (const q of diff.removed) lines.push(`Borttagen fråga (${q.id}, var fråga ${q.number}): ${q.text}`)
  for (const q of diff.reworded) lines.push(`Omformulerad fråga ${q.number} (${q.id}), samma id: ${q.changes.join('; ')}`)
  for (const q of diff.optionsChanged) {
    const named = (ids: string[]): string => ids.map((id) => q.labels[id] ? `${id} (”${q.labels[id]}”)` : id).join(', ')
    const parts = [q.added.length > 0 ? `tillagda ${named(q.added)}` : '', q.removed.length > 0 ? `borttagna ${named(q.removed)}` : ''].filter((p) => p !== '')
    lines.push(`Ändrade svarsalternativ i fråga ${q.number} (${q.id}), samma id: ${parts.join('; ') || 'annan frågetyp'}`)
  }
  return lines
}
