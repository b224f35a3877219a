import type { Db } from '../db/database.js'
import type { Answers } from '../questionnaire/answers.js'
import { countryName } from '../questionnaire/countries.js'
import { questions, sectionOfQuestion } from '../questionnaire/definition.js'
import type { MultiQuestion, Option, Question, RowsQuestion, SingleQuestion } from '../questionnaire/types.js'
import { isQuestionVisible } from '../questionnaire/visibility.js'
import { percentOneDecimal } from '../statistics/format.js'
import { PerDatabase } from './cache.js'
import { loadCells, type Cells, type Gate, type Who } from './cells.js'
import { offThread } from './off-thread.js'
import { worldRegion, worldRegionNames, type WorldRegion } from './world-regions.js'

export type Unit = 'organisations' | 'rows' | 'mentions'

/** One figure of the results: the rows of results.csv. */
export interface Figure {
  question: string
  option: string
  group: string
  unit: Unit
  base: number
  count: number
  percent: string
  question_text: string
  option_text: string
}

export interface GroupDef { id: string, label: string, test: (w: Who) => boolean }

/** The groups every figure is given for, in order. */
export async function resultGroups (db: Db): Promise<GroupDef[]> {
  const groups = await db.selectFrom('municipality_group').selectAll().orderBy('code').execute()
  const mains = [...new Map(groups.map((g) => [g.main_group_code, g.main_group_name]))]
  return [
    { id: 'alla', label: 'Alla', test: () => true },
    { id: 'kommuner', label: 'Kommuner', test: (w) => w.kind === 'municipality' },
    { id: 'regioner', label: 'Landsting/regioner', test: (w) => w.kind === 'region' },
    ...mains.map(([code, name]) => ({ id: `huvudgrupp=${code}`, label: `${code} ${name}`, test: (w: Who) => w.main === code })),
    ...groups.map((g) => ({ id: `kommungrupp=${g.code}`, label: `${g.code} ${g.name}`, test: (w: Who) => w.grp === g.code }))
  ]
}

/** A question's text for exports, where one text covers kommuner and regions alike. */
export function neutralText (text: string): string {
  return text.replaceAll('{org}s', 'organisationens').replaceAll('{org}', 'organisationen')
}

/** An option's label for exports; wordings that differ are joined with a slash. */
export function neutralLabel (o: Option): string {
  return typeof o.label === 'string' ? o.label.replace(/:$/, '') : `${o.label.municipality} / ${o.label.region}`
}

const engagementOptions: Array<{ id: string, label: string, test: (g: Gate) => boolean }> = [
  { id: 'twin_or_partnership', label: 'Vänorter eller kommunala partnerskap (fråga 1 = ja)', test: (g) => g.q01 === 'yes' },
  { id: 'other_cooperation', label: 'Andra internationella samarbeten (fråga 2 = ja)', test: (g) => g.q02 === 'yes' },
  { id: 'both', label: 'Både vänorter/partnerskap och andra samarbeten', test: (g) => g.q01 === 'yes' && g.q02 === 'yes' },
  { id: 'any', label: 'Något internationellt engagemang', test: (g) => g.q01 === 'yes' || g.q02 === 'yes' },
  { id: 'none', label: 'Inget internationellt engagemang', test: (g) => g.q01 === 'no' && g.q02 === 'no' }
]

const activityLabels: Record<string, string> = { active: 'Aktivt', sporadic: 'Sporadiskt', dormant: 'Vilande', blank: 'Ej angivet' }

function applies (q: Question, g: Gate): boolean {
  return isQuestionVisible(sectionOfQuestion(q.id), q, g as unknown as Answers)
}

function sum<T extends { n: number }> (rows: T[], keep: (r: T) => boolean): number {
  let s = 0
  for (const r of rows) if (keep(r)) s += Number(r.n)
  return s
}

const figureCache = new PerDatabase<Figure[]>()

/** Every figure for every group, computed from the stored answers of submitted responses (cached per answers version). */
export async function computeFigures (db: Db, roundId: number): Promise<Figure[]> {
  return await figureCache.get(db, roundId, async () => await offThread(db, 'figures', roundId, async () => await computeFiguresNow(db, roundId)))
}

/** The figures computed now, on this thread. */
export async function computeFiguresNow (db: Db, roundId: number): Promise<Figure[]> {
  const [cells, groups] = await Promise.all([loadCells(db, roundId), resultGroups(db)])
  const out: Figure[] = []
  for (const group of groups) out.push(...figuresFor(cells, group))
  return out
}

function figuresFor (cells: Cells, group: GroupDef): Figure[] {
  const out: Figure[] = []
  const push = (question: string, option: string, unit: Unit, base: number, count: number, questionText: string, optionText: string): void => {
    out.push({ question, option, group: group.id, unit, base, count, percent: percentOneDecimal(count, base), question_text: questionText, option_text: optionText })
  }
  const population = sum(cells.population.map((p) => ({ ...p, n: p.population })), (p) => group.test(p))
  const submitted = sum(cells.population.map((p) => ({ ...p, n: p.submitted })), (p) => group.test(p))
  push('response', 'submitted', 'organisations', population, submitted, 'Svarsfrekvens', 'Har skickat in')

  const answeredBoth = sum(cells.gates, (g) => group.test(g) && g.q01 !== null && g.q02 !== null)
  for (const q of questions) {
    if (q.id === 'q03') {
      for (const e of engagementOptions) push('engagement', e.id, 'organisations', answeredBoth, sum(cells.gates, (g) => group.test(g) && g.q01 !== null && g.q02 !== null && e.test(g)), 'Internationellt engagemang (fråga 1 och 2)', e.label)
    }
    if (q.type === 'single' || q.type === 'multi') choiceFigures(cells, group, q, push)
    if (q.type === 'rows') rowFigures(cells, group, q, push)
    if (q.type === 'text') {
      const base = sum(cells.gates, (g) => group.test(g) && applies(q, g))
      push(q.id, 'answered', 'organisations', base, sum(cells.texts, (t) => group.test(t) && t.question_id === q.id && applies(q, t)), neutralText(q.text), 'Har skrivit en kommentar')
    }
  }
  return out
}

type Push = (question: string, option: string, unit: Unit, base: number, count: number, questionText: string, optionText: string) => void

function choiceFigures (cells: Cells, group: GroupDef, q: SingleQuestion | MultiQuestion, push: Push): void {
  const text = neutralText(q.text)
  const base = sum(cells.answered, (a) => a.question_id === q.id && group.test(a) && applies(q, a))
  const counts = new Map<string, number>()
  for (const c of cells.choices) {
    if (c.question_id !== q.id || !group.test(c) || !applies(q, c)) continue
    counts.set(c.option_id, (counts.get(c.option_id) ?? 0) + Number(c.n))
  }
  for (const o of q.options) push(q.id, o.id, 'organisations', base, counts.get(o.id) ?? 0, text, neutralLabel(o))
  if (q.id === 'q05' || q.id === 'q11') {
    const mentions = [...counts.values()].reduce((a, b) => a + b, 0)
    for (const o of q.options) push(q.id, o.id, 'mentions', mentions, counts.get(o.id) ?? 0, text, neutralLabel(o))
  }
}

function rowFigures (cells: Cells, group: GroupDef, q: RowsQuestion, push: Push): void {
  const text = neutralText(q.text)
  if (q.id === 'q04') {
    const rows = cells.partnerships.filter((p) => group.test(p) && applies(q, p))
    const total = sum(rows, () => true)
    const formField = q.fields.find((f) => f.id === 'form')
    const forms = formField?.type === 'choice' ? formField.options : []
    for (const f of forms) push('q04', `form=${f.id}`, 'rows', total, sum(rows, (r) => r.form === f.id), text, neutralLabel(f))
    push('q04', 'form=blank', 'rows', total, sum(rows, (r) => r.form === null), text, 'Samarbetsform ej angiven')
    for (const f of forms) {
      const ofForm = rows.filter((r) => r.form === f.id)
      const formTotal = sum(ofForm, () => true)
      for (const a of ['active', 'sporadic', 'dormant', 'blank']) {
        push('q04', `${f.id}.activity=${a}`, 'rows', formTotal, sum(ofForm, (r) => (r.activity ?? 'blank') === a), text, `${neutralLabel(f)}: ${activityLabels[a]}`)
      }
    }
    const withCountry = rows.filter((r) => r.country !== null)
    const countryTotal = sum(withCountry, () => true)
    for (const region of ['nordic', 'europe', 'world'] as WorldRegion[]) {
      push('q04', `country_region=${region}`, 'rows', countryTotal, sum(withCountry, (r) => worldRegion(r.country as string) === region), text, worldRegionNames[region])
    }
    const perCountry = new Map<string, number>()
    for (const r of withCountry) perCountry.set(r.country as string, (perCountry.get(r.country as string) ?? 0) + Number(r.n))
    for (const [code, n] of [...perCountry].sort((a, b) => b[1] - a[1] || countryName(a[0]).localeCompare(countryName(b[0]), 'sv'))) {
      push('q04', `country=${code}`, 'rows', countryTotal, n, text, countryName(code))
    }
    return
  }
  const rows = cells.collaborations.filter((c) => group.test(c) && applies(q, c))
  const total = sum(rows, () => true)
  const kindField = q.fields.find((f) => f.id === 'kind')
  for (const k of kindField?.type === 'choice' ? kindField.options : []) push('q10', `kind=${k.id}`, 'rows', total, sum(rows, (r) => r.kind_id === k.id), text, neutralLabel(k))
  push('q10', 'kind=blank', 'rows', total, sum(rows, (r) => r.kind_id === null), text, 'Typ ej angiven')
  for (const a of ['active', 'sporadic', 'dormant', 'blank']) push('q10', `activity=${a}`, 'rows', total, sum(rows, (r) => (r.activity ?? 'blank') === a), text, activityLabels[a])
}

/** Looks up one figure; undefined when it does not exist. */
export function findFigure (figures: Figure[], questionId: string, option: string, group: string, unit: Unit = 'organisations'): Figure | undefined {
  return figures.find((f) => f.question === questionId && f.option === option && f.group === group && f.unit === unit)
}

