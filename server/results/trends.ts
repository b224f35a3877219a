import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { parse } from 'csv-parse/sync'
import { trendChartHtml, trendChartSvg } from '../charts/trend-chart.js'
import type { Db } from '../db/database.js'
import { fromRoot } from '../paths.js'
import type { Questionnaire } from '../questionnaire/questionnaire.js'
import { trendNames, trendReads, trendValues } from '../questionnaire/survey-figures.js'
import { roundQuestionnaire } from '../survey/round-questionnaire.js'
import { roundState, surveyIdOrFirst } from '../survey/rounds.js'
import { csvLine } from '../survey/csv.js'
import { computeFigures, figureLookups } from './figures.js'

/**
 * One value of a series in one round: a published one (from the reports) or one of this product's rounds; null
 * (with the note "finns inte i omgång X") when the round's questionnaire version lacks a question the series reads.
 * A round that still takes answers (or has not opened) is preliminary: its value may change, and says so.
 */
export interface TrendRow { serie: string, omgang: string, varde: number | null, enhet: string, kalla: string, not: string, preliminary: boolean }

export const TRENDS_HEADER = ['serie', 'omgang', 'varde', 'enhet', 'kalla', 'not'] as const

/** The series the earlier reports published, with their sources and definition notes (shipped as data). */
export function historicSeries (): TrendRow[] {
  const rows = parse(readFileSync(fromRoot('server', 'reference', 'historic-series.csv'), 'utf8'), { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Array<Record<string, string | undefined>>
  return rows.map((r) => ({ serie: r.serie ?? '', omgang: r.omgang ?? '', varde: Number(r.varde), enhet: r.enhet ?? '', kalla: r.kalla ?? '', not: r.not ?? '', preliminary: false }))
}

/**
 * Every series for every round: the published values, then each round of this product that has submitted
 * responses, computed from its answers with the same definitions; with `upTo`, only the rounds up to that one (a
 * round's report shows the development until it, and does not change when a later round comes). A round open at
 * `now` gets the note "preliminär" (as in trender.csv) and is labelled so in the report.
 */
export async function trendRows (db: Db, upTo?: { opens_on: string }, now = new Date()): Promise<TrendRow[]> {
  // The series are Internationella samarbeten's (its module's): only that survey's rounds continue them.
  const rounds = await db.selectFrom('round as r').select(['r.id', 'r.name', 'r.opens_on', 'r.closes_on', 'r.closed_at']).where('r.survey_id', '=', surveyIdOrFirst(undefined))
    .where((eb) => eb.exists(eb.selectFrom('response as s').select('s.id').whereRef('s.round_id', '=', 'r.id').where('s.status', '=', 'submitted')))
    .$if(upTo !== undefined, (qb) => qb.where('r.opens_on', '<=', upTo?.opens_on ?? ''))
    .orderBy('r.opens_on').execute()
  const rows: TrendRow[] = historicSeries()
  let before: Questionnaire | null = null
  for (const round of rounds) {
    const qn = await roundQuestionnaire(db, round.id)
    const kalla = `Internationella samarbeten, omgång ${round.name} i den här tjänsten`
    const preliminary = roundState(round, now) !== 'closed'
    const still = preliminary ? `preliminär: omgång ${round.name} tar fortfarande emot svar` : ''
    const missing = new Set(Object.entries(trendReads).filter(([, ids]) => ids.some((id) => !qn.hasQuestion(id))).map(([serie]) => serie))
    for (const v of trendValues(qn, ...figureLookups(await computeFigures(db, round.id)))) {
      // A version without a question a series reads has no value for it: never a zero. The other series go on.
      if (missing.has(v.serie)) { rows.push({ serie: v.serie, omgang: round.name, varde: null, enhet: v.unit, kalla, not: `finns inte i omgång ${round.name}`, preliminary }); continue }
      const { value, note } = v.read()
      rows.push({ serie: v.serie, omgang: round.name, varde: value, enhet: v.unit, kalla, not: joinNotes(still, note, reworded(before, qn, v.serie, round.name)), preliminary })
    }
    before = qn
  }
  return rows
}

function joinNotes (...notes: string[]): string {
  return notes.filter((n) => n !== '').join('; ')
}

/** A note when a question the series reads was worded differently in the round before (same id, so the series goes on). */
function reworded (before: Questionnaire | null, qn: Questionnaire, serie: string, roundName: string): string {
  if (before === null || before.hash === qn.hash) return ''
  const changed = (trendReads[serie] ?? []).filter((id) => before.hasQuestion(id) && before.question(id).text !== qn.question(id).text)
  return changed.length === 0 ? '' : `frågan omformulerad i omgång ${roundName} (${changed.map((id) => `fråga ${qn.questionNumber(id)}`).join(', ')})`
}

/** trender.csv: every series, round by round, with unit, source and note; UTF-8 with BOM. */
export function trendsCsv (rows: TrendRow[]): Readable {
  return Readable.from([`\uFEFF${csvLine([...TRENDS_HEADER])}`, ...rows.map((r) => csvLine(TRENDS_HEADER.map((k) => r[k])))])
}

/**
 * A round's label in a trend table and chart: the published year, the product's round marked as such when both
 * exist, and a round that still takes answers marked "preliminär" (as "Omgångarna jämförda" does).
 */
function label (r: TrendRow, published: ReadonlySet<string>): string {
  const own = r.kalla.includes('i den här tjänsten')
  if (r.preliminary) return `${r.omgang} (preliminär)`
  return own && published.has(r.omgang) ? `${r.omgang} (denna tjänst)` : r.omgang
}

export interface TrendSeries { serie: string, name: string, unit: string, points: Array<{ label: string, value: number | null, source: string, note: string }>, svg: string | null, chartHtml: string | null }

/** The series for the report's chapter "Utvecklingen sedan 2007": a table each and a line chart when there are several rounds. */
export function trendSeries (rows: TrendRow[]): TrendSeries[] {
  const published = new Set(rows.filter((r) => !r.kalla.includes('i den här tjänsten')).map((r) => r.omgang))
  return [...new Set(rows.map((r) => r.serie))].map((serie) => {
    const all = rows.filter((r) => r.serie === serie).map((r) => ({ label: label(r, published), value: r.varde, source: r.kalla, note: r.not }))
    const points = all.filter((p): p is typeof p & { value: number } => p.value !== null)
    const name = trendNames[serie] ?? serie
    const chart = { id: `trend-${serie}`, title: name, description: points.map((p) => `${p.label}: ${p.value}`).join(', '), points }
    return {
      serie,
      name,
      unit: rows.find((r) => r.serie === serie)?.enhet ?? '',
      points: all,
      svg: points.length < 2 ? null : trendChartSvg(chart),
      chartHtml: points.length < 2 ? null : trendChartHtml(chart)
    }
  })
}
