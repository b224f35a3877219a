import type { Db } from '../db/database.js'
import { classificationGroups, mainGroups, roundClassification } from '../db/reference-data.js'
import { addDays, swedishDate } from '../survey/clock.js'
import type { OrganisationKind } from '../questionnaire/types.js'
import { dropoutAnalysis, type DropoutResult, type GroupCount } from './dropout.js'

export interface KindCounts { population: number, submitted: number, inProgress: number, opened: number, notOpened: number }

/** Per kind of organisation: how many exist, have submitted, are in progress, have only opened, have not opened. */
export async function responseCounts (db: Db, roundId: number): Promise<Record<OrganisationKind, KindCounts>> {
  const rows = await db.selectFrom('organisation as o')
    .leftJoin('response as r', (j) => j.onRef('r.organisation_id', '=', 'o.id').on('r.round_id', '=', roundId))
    .select(['o.kind'])
    .select((eb) => [
      eb.fn.countAll<number>().as('population'),
      eb.fn.sum<number>(eb.case().when('r.status', '=', 'submitted').then(1).else(0).end()).as('submitted'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('r.status', '=', 'draft'), eb('r.first_saved_at', 'is not', null)])).then(1).else(0).end()).as('in_progress'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('r.status', '=', 'draft'), eb('r.first_saved_at', 'is', null)])).then(1).else(0).end()).as('opened')
    ])
    .groupBy('o.kind').execute()
  const empty: KindCounts = { population: 0, submitted: 0, inProgress: 0, opened: 0, notOpened: 0 }
  const out: Record<OrganisationKind, KindCounts> = { municipality: { ...empty }, region: { ...empty } }
  for (const r of rows) {
    const c = { population: Number(r.population), submitted: Number(r.submitted), inProgress: Number(r.in_progress), opened: Number(r.opened), notOpened: 0 }
    c.notOpened = c.population - c.submitted - c.inProgress - c.opened
    out[r.kind] = c
  }
  return out
}

/** Kommuner and those that sent in, per län or per kommungrupp of a classification. */
async function kommunCounts (db: Db, roundId: number, by: { county: true } | { classification: string }): Promise<Array<{ key: string, population: number, responded: number }>> {
  const rows = await db.selectFrom('organisation as o')
    .leftJoin('response as r', (j) => j.onRef('r.organisation_id', '=', 'o.id').on('r.round_id', '=', roundId).on('r.status', '=', 'submitted'))
    .leftJoin('organisation_group as g', (j) => j.onRef('g.organisation_id', '=', 'o.id').on('g.classification', '=', 'classification' in by ? by.classification : ''))
    .select((eb) => ['classification' in by ? eb.ref('g.group_code').as('key') : eb.ref('o.county_code').as('key')])
    .select((eb) => [eb.fn.countAll<number>().as('population'), eb.fn.count<number>('r.id').as('responded')])
    .where('o.kind', '=', 'municipality').groupBy('key').orderBy('key').execute()
  return rows.map((r) => ({ key: String(r.key), population: Number(r.population), responded: Number(r.responded) }))
}

export interface DropoutReport {
  municipalityGroups: DropoutResult
  mainGroups: DropoutResult
  counties: DropoutResult
}

/** Dropout among kommuner by the kommungrupper and main groups of the round's classification, and by län. */
export async function dropoutReport (db: Db, roundId: number): Promise<DropoutReport> {
  const classification = await roundClassification(db, roundId)
  const groups = await classificationGroups(db, classification)
  const counties = new Map((await db.selectFrom('county').selectAll().execute()).map((c) => [c.code, c.name]))
  const byGroup = await kommunCounts(db, roundId, { classification })
  const groupRows: GroupCount[] = groups.map((g) => {
    const c = byGroup.find((x) => x.key === g.code)
    return { key: g.code, label: `${g.code} ${g.name}`, population: c?.population ?? 0, responded: c?.responded ?? 0 }
  })
  const mainRows: GroupCount[] = mainGroups(groups).map(({ code, name }) => {
    const members = groupRows.filter((g) => groups.find((x) => x.code === g.key)?.main_group_code === code)
    return { key: code, label: `${code} ${name}`, population: members.reduce((s, m) => s + m.population, 0), responded: members.reduce((s, m) => s + m.responded, 0) }
  })
  const countyRows: GroupCount[] = (await kommunCounts(db, roundId, { county: true })).map((c) => ({ ...c, label: counties.get(c.key) ?? c.key }))
  return {
    municipalityGroups: dropoutAnalysis(groupRows, 'kommungrupperna'),
    mainGroups: dropoutAnalysis(mainRows, 'huvudgrupperna'),
    counties: dropoutAnalysis(countyRows, 'länen')
  }
}

export interface CurvePoint { date: string, municipality: number, region: number }

/** Cumulative submissions per day (Swedish dates) from the first day to the last, by kind. */
export async function responseCurve (db: Db, roundId: number, from: string, to: string): Promise<CurvePoint[]> {
  const rows = await db.selectFrom('response as r').innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .select(['o.kind', 'r.submitted_at'])
    .where('r.round_id', '=', roundId).where('r.status', '=', 'submitted').execute()
  const perDay = new Map<string, { municipality: number, region: number }>()
  let municipality = 0
  let region = 0
  for (const r of rows) {
    const day = swedishDate(new Date(r.submitted_at as string))
    if (day < from) {
      if (r.kind === 'municipality') municipality++
      else region++
      continue
    }
    const c = perDay.get(day) ?? { municipality: 0, region: 0 }
    c[r.kind]++
    perDay.set(day, c)
  }
  const points: CurvePoint[] = []
  for (let d = from; d <= to && points.length < 800; d = addDays(d, 1)) {
    municipality += perDay.get(d)?.municipality ?? 0
    region += perDay.get(d)?.region ?? 0
    points.push({ date: d, municipality, region })
  }
  return points
}
