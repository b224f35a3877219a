import type { Db } from '../db/database.js'
import { classificationOf } from '../reference/classifications.js'
import { roundState, surveyIdOrFirst } from '../survey/rounds.js'
import { roundSurveyModule } from '../survey/surveys.js'
import { roundQuestionnaire } from '../survey/round-questionnaire.js'
import { computeFigures, type Figure, type GroupDef } from './figures.js'
import { chapterTables, type ResultTable } from './tables.js'

/** The groups the rounds can be compared for. */
export const comparisonGroups: ReadonlyArray<{ id: string, label: string }> = [
  { id: 'alla', label: 'Alla' },
  { id: 'kommuner', label: 'Kommuner' },
  { id: 'regioner', label: 'Landsting/regioner' }
]

/** The rounds, oldest first, with their classification, and the result chapters with one column per round. */
export interface RoundComparison {
  rounds: Array<{ name: string, classification: string, preliminary: boolean }>
  chapters: Array<{ title: string, tables: ResultTable[] }>
}

/**
 * Every figure of one group for every round of the product side by side, oldest round first: the result tables with
 * one column per round instead of per group. Each round's figures come from its own submitted answers; the
 * chapters, their questions and their numbers are the latest round's version's (a question it no longer has is left
 * out). A round that still takes answers (or has not opened) is marked "preliminär" in its column heading.
 */
/** The result chapters of the latest round's version, with the survey module's own tables when the survey has one. */
async function latestChapters (db: Db, roundId: number, figures: Figure[], columns: GroupDef[]): Promise<RoundComparison['chapters']> {
  return chapterTables(await roundQuestionnaire(db, roundId), figures, columns, undefined, (await roundSurveyModule(db, roundId)) !== null)
}

export async function roundComparison (db: Db, groupId: string, now: Date = new Date(), surveyId?: number): Promise<RoundComparison> {
  const rounds = (await db.selectFrom('round').select(['id', 'name', 'classification', 'opens_on', 'closes_on', 'closed_at']).where('survey_id', '=', surveyIdOrFirst(surveyId)).orderBy('opens_on').orderBy('id').execute())
    .map((r) => ({ ...r, preliminary: roundState(r, now) !== 'closed' }))
  const merged: Figure[] = []
  const columns: GroupDef[] = []
  for (const r of rounds) {
    const id = `omgang=${r.name}`
    columns.push({ id, label: r.preliminary ? `${r.name} (preliminär)` : r.name, test: () => false })
    for (const f of await computeFigures(db, r.id)) if (f.group === groupId) merged.push({ ...f, group: id })
  }
  return {
    rounds: rounds.map((r) => ({ name: r.name, classification: classificationOf(r.classification).name, preliminary: r.preliminary })),
    chapters: rounds.length === 0 ? [] : await latestChapters(db, (rounds[rounds.length - 1] as { id: number }).id, merged, columns)
  }
}
