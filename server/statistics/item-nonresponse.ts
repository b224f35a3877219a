import type { Db } from '../db/database.js'
import { classificationGroups, roundClassification, roundNameSet } from '../db/reference-data.js'
import { relevantAmong } from '../questionnaire/survey-figures.js'
import { fillOrg } from '../questionnaire/wording.js'
import { roundQuestionnaire } from '../survey/round-questionnaire.js'
import { roundSurveyModule } from '../survey/surveys.js'
import { loadTallies } from '../survey/tallies.js'

export interface Tally { applicable: number, blank: number }
export interface ItemRow {
  question: string
  number: number
  text: string
  total: Tally
  groups: Record<string, Tally>
  /** For a question about only some of those it is shown to: item non-response among them, and who they are. */
  relevant: (Tally & { among: string }) | null
}

/**
 * Per question, among submitted responses to which it applied, how many left it blank: in total and per group.
 * Read from the counts kept at every submission ("applies" and "answered" per question).
 */
export async function itemNonResponse (db: Db, roundId: number): Promise<{ rows: ItemRow[], groups: string[] }> {
  const mains = new Map((await classificationGroups(db, await roundClassification(db, roundId))).map((g) => [g.code, g.main_group_code]))
  const regions = (await roundNameSet(db, roundId)).regionsTitle
  const groupOf = (kind: string, grp: string): string => kind === 'region' ? regions : `Kommuner, huvudgrupp ${mains.get(grp) ?? '?'}`
  const cells = await loadTallies(db, roundId)
  const qn = await roundQuestionnaire(db, roundId)
  const own = (await roundSurveyModule(db, roundId)) !== null
  const counts = new Map<string, number>()
  const groups = new Set<string>()
  for (const c of cells) {
    const g = groupOf(c.kind, c.grp)
    if (c.key.endsWith('|applies')) groups.add(g)
    counts.set(`${g}\n${c.key}`, (counts.get(`${g}\n${c.key}`) ?? 0) + Number(c.n))
  }
  const sorted = [...groups].sort()
  const rows: ItemRow[] = []
  for (const section of qn.sections) {
    for (const q of section.questions) {
      const among = relevantAmong(q.id, own)
      const row: ItemRow = { question: q.id, number: qn.questionNumber(q.id), text: fillOrg(q.text, 'municipality'), total: { applicable: 0, blank: 0 }, groups: {}, relevant: among === null ? null : { among, applicable: 0, blank: 0 } }
      for (const g of sorted) {
        const applicable = counts.get(`${g}\n${q.id}|applies`) ?? 0
        const blank = applicable - (counts.get(`${g}\n${q.id}|answered`) ?? 0)
        row.groups[g] = { applicable, blank }
        row.total.applicable += applicable
        row.total.blank += blank
        if (row.relevant !== null) {
          const relevant = counts.get(`${g}\n${q.id}|relevant`) ?? 0
          row.relevant.applicable += relevant
          row.relevant.blank += relevant - (counts.get(`${g}\n${q.id}|relevant_answered`) ?? 0)
        }
      }
      rows.push(row)
    }
  }
  return { rows, groups: sorted }
}
