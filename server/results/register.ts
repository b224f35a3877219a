import type { Db } from '../db/database.js'
import { countryName } from '../questionnaire/countries.js'
import { question, questionNumber } from '../questionnaire/definition.js'
import type { MultiQuestion, RowsQuestion } from '../questionnaire/types.js'
import { neutralLabel, neutralText } from './figures.js'
import { worldRegion, worldRegionNames } from './world-regions.js'

const activityNames: Record<string, string> = { active: 'Aktivt', sporadic: 'Sporadiskt', dormant: 'Vilande' }

function optionLabel (q: RowsQuestion, field: string, id: string | null): string {
  if (id === null) return 'Ej angivet'
  const f = q.fields.find((x) => x.id === field)
  const o = f?.type === 'choice' ? f.options.find((x) => x.id === id) : undefined
  return o === undefined ? id : neutralLabel(o)
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

/** The twin-town register: every q04 row of submitted responses that answered yes on q01. */
export async function twinTownRegister (db: Db, roundId: number): Promise<RegisterRow[]> {
  const q04 = question('q04') as RowsQuestion
  const rows = await db.selectFrom('partnership as p')
    .innerJoin('response as r', 'r.id', 'p.response_id')
    .innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .innerJoin('answer_choice as a', (j) => j.onRef('a.response_id', '=', 'r.id').on('a.question_id', '=', 'q01').on('a.option_id', '=', 'yes'))
    .select(['o.name', 'o.kind', 'o.municipality_group_code', 'p.partner', 'p.country', 'p.form', 'p.activity'])
    .where('r.round_id', '=', roundId).where('r.status', '=', 'submitted')
    .orderBy('o.name').orderBy('p.position').execute()
  return rows.map((r) => ({
    organisation: r.name,
    kind: r.kind === 'municipality' ? 'Kommun' : 'Landsting/region',
    group: r.municipality_group_code ?? '',
    partner: r.partner,
    country: r.country === null ? '' : countryName(r.country),
    region: r.country === null ? '' : worldRegionNames[worldRegion(r.country)],
    form: optionLabel(q04, 'form', r.form),
    activity: r.activity === null ? 'Ej angivet' : activityNames[r.activity] ?? r.activity
  }))
}

/** Organisations with the most active twin towns, most first. */
export async function mostActiveTwinTowns (db: Db, roundId: number, limit = 10): Promise<Array<{ organisation: string, active: number }>> {
  const rows = await db.selectFrom('partnership as p').innerJoin('response as r', 'r.id', 'p.response_id').innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .innerJoin('answer_choice as a', (j) => j.onRef('a.response_id', '=', 'r.id').on('a.question_id', '=', 'q01').on('a.option_id', '=', 'yes'))
    .select('o.name').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('r.round_id', '=', roundId).where('r.status', '=', 'submitted').where('p.form', '=', 'twin_town').where('p.activity', '=', 'active')
    .groupBy('o.name').orderBy('n', 'desc').orderBy('o.name').limit(limit).execute()
  return rows.map((r) => ({ organisation: r.name, active: Number(r.n) }))
}

export interface CollaborationRow { kind: string, organisation: string, name: string, countries: string, activity: string }

/** Other collaborations (q10) grouped by kind, like the report's appendix. */
export async function collaborationList (db: Db, roundId: number): Promise<Array<{ kind: string, rows: CollaborationRow[] }>> {
  const q10 = question('q10') as RowsQuestion
  const rows = await db.selectFrom('collaboration as c').innerJoin('response as r', 'r.id', 'c.response_id').innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .innerJoin('answer_choice as a', (j) => j.onRef('a.response_id', '=', 'r.id').on('a.question_id', '=', 'q02').on('a.option_id', '=', 'yes'))
    .select(['c.id', 'o.name as organisation', 'c.name', 'c.kind', 'c.activity'])
    .where('r.round_id', '=', roundId).where('r.status', '=', 'submitted').orderBy('c.kind').orderBy('c.name').execute()
  const countries = await db.selectFrom('collaboration_country').select(['collaboration_id', 'country'])
    .where('collaboration_id', 'in', rows.length === 0 ? [-1] : rows.map((r) => r.id)).execute()
  const kindField = q10.fields.find((f) => f.id === 'kind')
  const kinds = kindField?.type === 'choice' ? [...kindField.options.map((o) => o.id), null] : [null]
  return kinds.map((k) => ({
    kind: optionLabel(q10, 'kind', k),
    rows: rows.filter((r) => r.kind === k).map((r) => ({
      kind: optionLabel(q10, 'kind', k),
      organisation: r.organisation,
      name: r.name,
      countries: countries.filter((c) => c.collaboration_id === r.id).map((c) => countryName(c.country)).join(', '),
      activity: r.activity === null ? 'Ej angivet' : activityNames[r.activity] ?? r.activity
    }))
  })).filter((g) => g.rows.length > 0)
}

export interface FreeText { question: string, number: number, questionText: string, attribution: string, text: string }

/** "Annat, nämligen" texts and q17 comments, attributed only as "Kommun i kommungrupp X" or "Landsting/region"; never q18. */
export async function freeTexts (db: Db, roundId: number): Promise<FreeText[]> {
  const rows = await db.selectFrom('answer_text as t').innerJoin('response as r', 'r.id', 't.response_id').innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .select(['t.question_id', 't.value', 'o.kind', 'o.municipality_group_code'])
    .where('r.round_id', '=', roundId).where('r.status', '=', 'submitted').where('t.question_id', '!=', 'q18')
    .where((eb) => eb.or([eb('t.field', '=', 'other'), eb('t.question_id', '=', 'q17')]))
    .orderBy('t.question_id').orderBy('t.value').execute()
  return rows.map((r) => {
    const q = question(r.question_id)
    const label = q.type === 'multi' ? ` – ${neutralLabel((q as MultiQuestion).options.find((o) => o.other === true)!)}` : ''
    return {
      question: r.question_id,
      number: questionNumber(r.question_id),
      questionText: neutralText(q.text) + label,
      attribution: r.kind === 'region' ? 'Landsting/region' : `Kommun i kommungrupp ${r.municipality_group_code ?? '?'}`,
      text: r.value
    }
  })
}
