import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../db/database.js'
import { nameInRound, roundClassification, roundNameSet } from '../db/reference-data.js'
import { countryName } from '../questionnaire/countries.js'
import { kindOf } from '../questionnaire/kinds/index.js'
import { fieldOptions, registerCell } from '../questionnaire/kinds/row-list.js'
import type { Questionnaire } from '../questionnaire/questionnaire.js'
import { registers } from '../questionnaire/survey-figures.js'
import { roundQuestionnaire } from '../survey/round-questionnaire.js'
import type { Condition, RowsQuestion } from '../questionnaire/types.js'
import { neutralText } from '../questionnaire/wording.js'
import { worldRegion, worldRegionNames } from '../questionnaire/world-regions.js'
import { type AnswerCounts, attribution } from './publication.js'

/** A stored row with its organisation (name, code, kind, kommungrupp in the round's classification, län). */
export interface StoredRow { organisationId: number, organisation: string, code: string, kind: 'municipality' | 'region', grp: string | null, countyCode: string, county: string, data: Record<string, unknown> }

/** The SQL test that a question applied to response `r.id`: its section's and its own conditions on stored single choices. */
function appliesSql (qn: Questionnaire, q: RowsQuestion): RawBuilder<boolean> {
  const conditions = [qn.sectionOfQuestion(q.id).showWhen, q.showWhen].filter((c): c is Condition => c !== undefined)
  if (conditions.length === 0) return sql<boolean>`1`
  const clause = (c: Condition['clauses'][number]): RawBuilder<boolean> =>
    sql<boolean>`exists (select 1 from answer_choice c where c.response_id = r.id and c.question_id = ${c.question} and c.option_id = ${c.equals})`
  return sql.join(conditions.map((c) => sql`(${sql.join(c.clauses.map(clause), c.mode === 'all' ? sql` and ` : sql` or `)})`), sql` and `) as RawBuilder<boolean>
}

/** The rows of a rows question in the round's submitted responses to which the question applied, in organisation order. */
export async function submittedRows (db: Db, roundId: number, questionId: string): Promise<StoredRow[]> {
  const qn = await roundQuestionnaire(db, roundId)
  const q = qn.question(questionId) as RowsQuestion
  const rows = await sql<{ id: number, name: string, code: string, kind: 'municipality' | 'region', grp: string | null, county_code: string, county: string, data: string }>`
    select o.id, ${nameInRound('o', 'r.round_id')} as name, o.code, o.kind, g.group_code as grp, o.county_code, c.name as county, a.data
    from answer_row a join response r on r.id = a.response_id join organisation o on o.id = r.organisation_id join round rd on rd.id = r.round_id
    join county c on c.code = o.county_code
    left join organisation_group g on g.organisation_id = o.id and g.classification = rd.classification
    where a.question_id = ${q.id} and r.round_id = ${roundId} and r.status = 'submitted' and ${appliesSql(qn, q)}
    order by 2, a.response_id, a.position`.execute(db)
  return rows.rows.map((r) => ({ organisationId: r.id, organisation: r.name, code: r.code, kind: r.kind, grp: r.grp, countyCode: r.county_code, county: r.county, data: JSON.parse(r.data) as Record<string, unknown> }))
}

export interface RegisterRow {
  organisation: string
  kind: string
  group: string
  partner: string
  country: string
  region: string
  form: string
  activity: string
}

/** The twin-town register: every twin town and partnership of submitted responses to which the question applied. */
export async function twinTownRegister (db: Db, roundId: number): Promise<RegisterRow[]> {
  const q = (await roundQuestionnaire(db, roundId)).question(registers.twinTowns) as RowsQuestion
  const region = (await roundNameSet(db, roundId)).region
  return (await submittedRows(db, roundId, q.id)).map((r) => ({
    organisation: r.organisation,
    kind: r.kind === 'municipality' ? 'Kommun' : region,
    group: r.grp ?? '',
    partner: registerCell(q, 'partner', r.data.partner),
    country: typeof r.data.country === 'string' ? countryName(r.data.country) : '',
    region: typeof r.data.country === 'string' ? worldRegionNames[worldRegion(r.data.country)] : '',
    form: registerCell(q, 'form', r.data.form),
    activity: registerCell(q, 'activity', r.data.activity)
  }))
}

/** Organisations with the most active twin towns, most first (counted in SQLite: a round may have tens of thousands of rows). */
export async function mostActiveTwinTowns (db: Db, roundId: number, limit = 10): Promise<Array<{ organisation: string, active: number }>> {
  const qn = await roundQuestionnaire(db, roundId)
  const q = qn.question(registers.twinTowns) as RowsQuestion
  const rows = await sql<{ organisation: string, active: number }>`select ${nameInRound('o', 'r.round_id')} as organisation, count(*) as active
    from answer_row a join response r on r.id = a.response_id join organisation o on o.id = r.organisation_id
    where a.question_id = ${q.id} and r.round_id = ${roundId} and r.status = 'submitted' and ${appliesSql(qn, q)}
      and a.data ->> 'form' = 'twin_town' and a.data ->> 'activity' = 'active'
    group by o.id order by active desc, organisation limit ${limit}`.execute(db)
  return rows.rows.map((r) => ({ organisation: r.organisation, active: Number(r.active) }))
}

export interface CollaborationRow { kind: string, organisation: string, name: string, countries: string, activity: string }

/** Other collaborations grouped by their type, like the report's appendix. */
export async function collaborationList (db: Db, roundId: number): Promise<Array<{ kind: string, rows: CollaborationRow[] }>> {
  const { question: id, groupBy } = registers.collaborations
  const q = (await roundQuestionnaire(db, roundId)).question(id) as RowsQuestion
  const rows = (await submittedRows(db, roundId, id)).sort((a, b) => String(a.data.name).localeCompare(String(b.data.name), 'sv', { numeric: true }))
  const kinds = [...(fieldOptions(q, groupBy) ?? []).map((o) => o.id), null]
  return kinds.map((k) => ({
    kind: registerCell(q, groupBy, k),
    rows: rows.filter((r) => (r.data[groupBy] ?? null) === k).map((r) => ({
      kind: registerCell(q, groupBy, k),
      organisation: r.organisation,
      name: registerCell(q, 'name', r.data.name),
      countries: registerCell(q, 'countries', r.data.countries),
      activity: registerCell(q, 'activity', r.data.activity)
    }))
  })).filter((g) => g.rows.length > 0)
}

export interface FreeText { question: string, number: number, questionText: string, attribution: string, text: string }

/** Submitted responses per kommungrupp, huvudgrupp and of regions: what free text may be attributed to. */
async function answerCounts (db: Db, roundId: number): Promise<AnswerCounts> {
  const classification = await roundClassification(db, roundId)
  const rows = await db.selectFrom('response as r').innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .leftJoin('organisation_group as og', (j) => j.onRef('og.organisation_id', '=', 'o.id').on('og.classification', '=', classification))
    .leftJoin('classification_group as g', (j) => j.onRef('g.code', '=', 'og.group_code').on('g.classification', '=', classification))
    .select(['o.kind', 'og.group_code as grp', 'g.main_group_code as main']).select((eb) => eb.fn.countAll<number>().as('n'))
    .where('r.round_id', '=', roundId).where('r.status', '=', 'submitted').groupBy(['o.kind', 'og.group_code', 'g.main_group_code']).execute()
  const counts: AnswerCounts = { byGroup: new Map(), byMain: new Map(), mainOf: new Map(), regions: 0 }
  for (const r of rows) {
    if (r.kind === 'region') { counts.regions += Number(r.n); continue }
    if (r.grp === null || r.main === null) continue
    counts.byGroup.set(r.grp, (counts.byGroup.get(r.grp) ?? 0) + Number(r.n))
    counts.byMain.set(r.main, (counts.byMain.get(r.main) ?? 0) + Number(r.n))
    counts.mainOf.set(r.grp, r.main)
  }
  return counts
}

/**
 * "Annat, nämligen" texts and free-text answers; attributed to a kommungrupp only when at least five in it
 * answered (otherwise its huvudgrupp, otherwise "en kommun"), never with contact details.
 */
export async function freeTexts (db: Db, roundId: number): Promise<FreeText[]> {
  const counts = await answerCounts(db, roundId)
  const qn = await roundQuestionnaire(db, roundId)
  const questions = qn.questions
  // Each kind says where its free text is stored: the question ids by answer_text field.
  const byField = new Map<string, string[]>()
  for (const q of questions) {
    const where = kindOf(q).freeText?.(q)
    if (where !== undefined) byField.set(where.field, [...byField.get(where.field) ?? [], q.id])
  }
  if (byField.size === 0) return []
  const classification = await roundClassification(db, roundId)
  const rows = await db.selectFrom('answer_text as t').innerJoin('response as r', 'r.id', 't.response_id').innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .leftJoin('organisation_group as og', (j) => j.onRef('og.organisation_id', '=', 'o.id').on('og.classification', '=', classification))
    .select(['t.question_id', 't.value', 'o.kind', 'og.group_code as grp'])
    .where('r.round_id', '=', roundId).where('r.status', '=', 'submitted')
    .where((eb) => eb.or([...byField].map(([field, ids]) => eb.and([eb('t.field', '=', field), eb('t.question_id', 'in', ids)]))))
    .orderBy('t.value').execute()
  const order = new Map(questions.map((q, i) => [q.id, i]))
  return rows.sort((a, b) => (order.get(a.question_id) ?? 0) - (order.get(b.question_id) ?? 0)).map((r) => {
    const q = qn.question(r.question_id)
    const label = kindOf(q).freeText?.(q).label ?? null
    return {
      question: r.question_id,
      number: qn.questionNumber(r.question_id),
      questionText: neutralText(q.text) + (label === null ? '' : ` – ${label}`),
      attribution: attribution(r.kind, r.grp, counts),
      text: r.value
    }
  })
}
