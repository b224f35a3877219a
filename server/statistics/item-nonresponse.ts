import { setImmediate } from 'node:timers/promises'
import type { Db } from '../db/database.js'
import { PerDatabase } from '../results/cache.js'
import { offThread } from '../results/off-thread.js'
import type { Answers } from '../questionnaire/answers.js'
import { questionNumber, sections } from '../questionnaire/definition.js'
import { isQuestionVisible } from '../questionnaire/visibility.js'
import { fillOrg } from '../questionnaire/wording.js'

export interface Tally { applicable: number, blank: number }
export interface ItemRow {
  question: string
  number: number
  text: string
  total: Tally
  groups: Record<string, Tally>
}

const gating = ['q01', 'q02', 'q15']

const cache = new PerDatabase<{ rows: ItemRow[], groups: string[] }>()

/** Per question, among submitted responses to which it applied, how many left it blank: in total and per group (cached per answers version). */
export async function itemNonResponse (db: Db, roundId: number): Promise<{ rows: ItemRow[], groups: string[] }> {
  return await cache.get(db, roundId, async () => await offThread(db, 'item-nonresponse', roundId, async () => await itemNonResponseNow(db, roundId)))
}

/** Item non-response computed now, on this thread. */
export async function itemNonResponseNow (db: Db, roundId: number): Promise<{ rows: ItemRow[], groups: string[] }> {
  const responses = await db.selectFrom('response as r').innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .leftJoin('municipality_group as g', 'g.code', 'o.municipality_group_code')
    .select(['r.id', 'o.kind', 'g.main_group_code'])
    .where('r.round_id', '=', roundId).where('r.status', '=', 'submitted').execute()
  const submitted = (eb: any) => eb.selectFrom('response').select('id').where('round_id', '=', roundId).where('status', '=', 'submitted')
  // SQLite answers synchronously: between these queries the server serves others.
  await setImmediate()
  const choices = await db.selectFrom('answer_choice').select(['response_id', 'question_id', 'option_id']).where('question_id', 'in', gating).where('response_id', 'in', submitted).execute()
  await setImmediate()
  const answered = await db.selectFrom('answer_choice').select(['response_id', 'question_id']).distinct().where('response_id', 'in', submitted).execute()
  await setImmediate()
  const texts = await db.selectFrom('answer_text').select(['response_id', 'question_id']).distinct().where('question_id', 'in', ['q17', 'q18']).where('response_id', 'in', submitted).execute()
  await setImmediate()
  const partnerships = await db.selectFrom('partnership').select('response_id').distinct().where('response_id', 'in', submitted).execute()
  await setImmediate()
  const collaborations = await db.selectFrom('collaboration').select('response_id').distinct().where('response_id', 'in', submitted).execute()
  const gates = new Map<number, Answers>()
  for (const c of choices) gates.set(c.response_id, { ...gates.get(c.response_id), [c.question_id]: c.option_id })
  const has = new Set<string>()
  for (const a of [...answered, ...texts]) has.add(`${a.response_id}:${a.question_id}`)
  for (const p of partnerships) has.add(`${p.response_id}:q04`)
  for (const c of collaborations) has.add(`${c.response_id}:q10`)
  const groupOf = (r: { kind: string, main_group_code: string | null }): string => r.kind === 'region' ? 'Landsting/regioner' : `Kommuner, huvudgrupp ${r.main_group_code ?? '?'}`
  const groups = [...new Set(responses.map(groupOf))].sort()
  const rows: ItemRow[] = []
  for (const section of sections) {
    for (const q of section.questions) {
      const row: ItemRow = { question: q.id, number: questionNumber(q.id), text: fillOrg(q.text, 'municipality'), total: { applicable: 0, blank: 0 }, groups: {} }
      for (const g of groups) row.groups[g] = { applicable: 0, blank: 0 }
      for (const r of responses) {
        if (!isQuestionVisible(section, q, gates.get(r.id) ?? {})) continue
        const blank = has.has(`${r.id}:${q.id}`) ? 0 : 1
        row.total.applicable++
        row.total.blank += blank
        row.groups[groupOf(r)].applicable++
        row.groups[groupOf(r)].blank += blank
      }
      rows.push(row)
    }
  }
  return { rows, groups }
}
