import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../db/database.js'
import { roundClassification } from '../db/reference-data.js'
import { countryName } from '../questionnaire/countries.js'
import type { Questionnaire } from '../questionnaire/questionnaire.js'
import { registers } from '../questionnaire/survey-figures.js'
import { roundQuestionnaire } from '../survey/round-questionnaire.js'
import type { Condition, RowsQuestion } from '../questionnaire/types.js'
import { neutralLabel, neutralText } from '../questionnaire/wording.js'
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
    select o.id, o.name, o.code, o.kind, g.group_code as grp, o.county_code, c.name as county, a.data
    from answer_row a join response r on r.id = a.response_id join organisation o on o.id = r.organisation_id join round rd on rd.id = r.round_id
    join county c on c.code = o.county_code
    left join organisation_group g on g.organisation_id = o.id and g.classification = rd.classification
    where a.question_id = ${q.id} and r.round_id = ${roundId} and r.status = 'submitted' and ${appliesSql(qn, q)}
    order by o.name, a.response_id, a.position`.execute(db)
  return rows.rows.map((r) => ({ organisationId: r.id, organisation: r.name, code: r.code, kind: r.kind, grp: r.grp, countyCode: r.county_code, county: r.county, data: JSON.parse(r.data) as Record<string, unknown> }))
}

function fieldText (q: RowsQuestion, field: string, v: unknown): string {
  const f = q.fields.find((x) => x.id === field)
  // A list of countries is empty when none was named; a missing choice or country is "Ej angivet".
  if (f?.type === 'countries') return Array.isArray(v) ? v.map((c) => countryName(String(c))).join(', ') : ''
  if (v === null || v === undefined) return f?.type === 'text' ? '' : 'Ej angivet'
  if (f?.type === 'choice') { const o = f.options.find((x) => x.id === v); return o === undefined ? String(v) : neutralLabel(o) }
  if (f?.type === 'country') return countryName(String(v))
  return String(v)
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
  return (await submittedRows(db, roundId, q.id)).map((r) => ({
    organisation: r.organisation,
    kind: r.kind === 'municipality' ? 'Kommun' : 'Landsting/region',
    group: r.grp ?? '',
    partner: fieldText(q, 'partner', r.data.partner),
    country: typeof r.data.country === 'string' ? countryName(r.data.country) : '',
    region: typeof r.data.country === 'string' ? worldRegionNames[worldRegion(r.data.country)] : '',
    form: fieldText(q, 'form', r.data.form),
    activity: fieldText(q, 'activity', r.data.activity)
  }))
}

/** Organisations with the most active twin towns, most first (counted in SQLite: a round may have tens of thousands of rows). */
export async function mostActiveTwinTowns (db: Db, roundId: number, limit = 10): Promise<Array<{ organisation: string, active: number }>> {
  const qn = await roundQuestionnaire(db, roundId)
  const q = qn.question(registers.twinTowns) as RowsQuestion
  const rows = await sql<{ organisation: string, active: number }>`select o.name as organisation, count(*) as active
    from answer_row a join response r on r.id = a.response_id join organisation o on o.id = r.organisation_id
    where a.question_id = ${q.id} and r.round_id = ${roundId} and r.status = 'submitted' and ${appliesSql(qn, q)}
      and a.data ->> 'form' = 'twin_town' and a.data ->> 'activity' = 'active'
    group by o.id order by active desc, o.name limit ${limit}`.execute(db)
  return rows.rows.map((r) => ({ organisation: r.organisation, active: Number(r.active) }))
}

export interface CollaborationRow { kind: string, organisation: string, name: string, countries: string, activity: string }

/** Other collaborations grouped by their type, like the report's appendix. */
export async function collaborationList (db: Db, roundId: number): Promise<Array<{ kind: string, rows: CollaborationRow[] }>> {
  const { question: id, groupBy } = registers.collaborations
  const q = (await roundQuestionnaire(db, roundId)).question(id) as RowsQuestion
  const rows = (await submittedRows(db, roundId, id)).sort((a, b) => String(a.data.name).localeCompare(String(b.data.name), 'sv', { numeric: true }))
  const field = q.fields.find((f) => f.id === groupBy)
  const kinds = field?.type === 'choice' ? [...field.options.map((o) => o.id), null] : [null]
  return kinds.map((k) => ({
    kind: fieldText(q, groupBy, k),
    rows: rows.filter((r) => (r.data[groupBy] ?? null) === k).map((r) => ({
      kind: fieldText(q, groupBy, k),
      organisation: r.organisation,
      name: fieldText(q, 'name', r.data.name),
      countries: fieldText(q, 'countries', r.data.countries),
      activity: fieldText(q, 'activity', r.data.activity)
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
  const textQuestions = questions.filter((q) => q.type === 'text').map((q) => q.id)
  const otherQuestions = questions.filter((q) => q.type === 'multi').map((q) => q.id)
  const classification = await roundClassification(db, roundId)
  const rows = await db.selectFrom('answer_text as t').innerJoin('response as r', 'r.id', 't.response_id').innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .leftJoin('organisation_group as og', (j) => j.onRef('og.organisation_id', '=', 'o.id').on('og.classification', '=', classification))
    .select(['t.question_id', 't.value', 'o.kind', 'og.group_code as grp'])
    .where('r.round_id', '=', roundId).where('r.status', '=', 'submitted')
    .where((eb) => eb.or([
      eb.and([eb('t.field', '=', 'other'), eb('t.question_id', 'in', otherQuestions.length > 0 ? otherQuestions : [''])]),
      eb('t.question_id', 'in', textQuestions.length > 0 ? textQuestions : [''])
    ]))
    .orderBy('t.value').execute()
  const order = new Map(questions.map((q, i) => [q.id, i]))
  return rows.sort((a, b) => (order.get(a.question_id) ?? 0) - (order.get(b.question_id) ?? 0)).map((r) => {
    const q = qn.question(r.question_id)
    const other = q.type === 'multi' ? q.options.find((o) => o.other === true) : undefined
    return {
      question: r.question_id,
      number: qn.questionNumber(r.question_id),
      questionText: neutralText(q.text) + (other === undefined ? '' : ` – ${neutralLabel(other)}`),
      attribution: attribution(r.kind, r.grp, counts),
      text: r.value
    }
  })
}
