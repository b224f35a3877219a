import { barChartHtml, barChartSvg } from '../charts/bar-chart.js'
import { kindOf } from '../questionnaire/kinds/index.js'
import type { Questionnaire } from '../questionnaire/questionnaire.js'
import { mentionsOf, registers, surveyTables, tableLabel } from '../questionnaire/survey-figures.js'
import type { Question } from '../questionnaire/types.js'
import { wholePercent } from '../statistics/format.js'
import type { Figure, GroupDef, Unit } from './figures.js'

/** A table cell; count and percent null when the figure is not published (small-cell protection). */
export interface Cell { count: number | null, base: number, percent: number | null }
export interface TableRow { option: string, label: string, cells: Cell[] }
export interface ResultTable {
  id: string
  title: string
  note: string
  columns: string[]
  bases: number[]
  rows: TableRow[]
  /** The chart as one SVG (for Word) and as HTML in both layouts (for pages). */
  svg: string
  chartHtml: string
}

const unitNotes: Record<Unit, string> = {
  organisations: 'Andel av de organisationer som besvarat frågan (basen). Den som lämnat frågan tom räknas inte.',
  rows: 'Andel av alla angivna rader.',
  mentions: 'Andel av alla omnämnanden (en organisation kan nämna flera områden).'
}

/** A table of one question's figures for the chosen columns (groups), with a bar chart for kommuner and regioner. */
export function figureTable (figures: Figure[], opts: { id: string, title: string, question: string, unit: Unit, options?: (option: string) => boolean, columns: GroupDef[], hidden?: Set<Figure>, note?: string }): ResultTable | null {
  const mine = figures.filter((f) => f.question === opts.question && f.unit === opts.unit && (opts.options === undefined || opts.options(f.option)))
  if (mine.length === 0) return null
  const optionIds = [...new Set(mine.map((f) => f.option))]
  const byKey = new Map(mine.map((f) => [`${f.option}|${f.group}`, f]))
  const rows = optionIds.map((option) => {
    const any = mine.find((f) => f.option === option) as Figure
    return {
      option,
      label: any.option_text,
      cells: opts.columns.map((g) => {
        const f = byKey.get(`${option}|${g.id}`)
        // A published table leaves out the protected figures (they show as "–").
        if (f !== undefined && opts.hidden?.has(f) === true) return { count: null, base: f.base, percent: null }
        return { count: f?.count ?? 0, base: f?.base ?? 0, percent: f === undefined ? null : wholePercent(f.count, f.base) }
      })
    }
  })
  const chartColumns = opts.columns.map((c, i) => [c, i] as const).filter(([c]) => c.id === 'kommuner' || c.id === 'regioner')
  const chart = {
    id: `chart-${opts.id}`,
    title: opts.title,
    description: rows.map((r) => `${r.label}: ${chartColumns.map(([c, i]) => `${c.label} ${r.cells[i]?.percent ?? '–'} %`).join(', ')}`).join('. '),
    series: chartColumns.map(([c]) => c.label),
    bars: rows.map((r) => ({ label: r.label, values: chartColumns.map(([, i]) => r.cells[i]?.percent ?? null) }))
  }
  return {
    id: opts.id,
    title: opts.title,
    note: opts.note ?? unitNotes[opts.unit],
    columns: opts.columns.map((c) => c.label),
    bases: opts.columns.map((g) => mine.find((f) => f.group === g.id)?.base ?? 0),
    rows,
    svg: barChartSvg(chart),
    chartHtml: barChartHtml(chart)
  }
}

/**
 * The heading used for a question's table: its number and a short analytic label where the survey module gives one
 * (`own`: the round's survey has the module), else its text.
 */
export function questionTitle (qn: Questionnaire, figures: Figure[], questionId: string, own: boolean): string {
  const f = figures.find((x) => x.question === questionId)
  return f === undefined ? questionId : `Fråga ${qn.questionNumber(questionId)}. ${tableLabel(questionId, own) ?? f.question_text}`
}

/** The note under a question's table: the question as asked, when the heading gives a short label, then how the share is counted. */
function questionNote (figures: Figure[], questionId: string, unit: Unit, own: boolean): string {
  const f = figures.find((x) => x.question === questionId)
  return f === undefined || tableLabel(questionId, own) === undefined ? unitNotes[unit] : `Frågan: ”${f.question_text}” ${unitNotes[unit]}`
}

/** The tables of one question, as its kind gives them, and its mentions when the survey module gives them. */
function questionTables (qn: Questionnaire, figures: Figure[], q: Question, columns: GroupDef[], hidden: Set<Figure> | undefined, own: boolean): Array<ResultTable | null> {
  const title = questionTitle(qn, figures, q.id, own)
  const t = (id: string, tableTitle: string, unit: Unit, prefix = ''): ResultTable | null => figureTable(figures, { id, title: tableTitle, question: q.id, unit, columns, options: (o) => o.startsWith(prefix), hidden, note: questionNote(figures, q.id, unit, own) })
  const tables = kindOf(q).tables(q, { title, numbered: (text) => `Fråga ${qn.questionNumber(q.id)}. ${text}` }).map((s) => t(s.id, s.title, s.unit, s.prefix))
  return [...tables, mentionsOf(q.id, own) ? t(`${q.id}-mentions`, `${title} (andel av omnämnanden)`, 'mentions') : null]
}

/**
 * The result chapters with their tables, in the questionnaire's chapter order, the survey module's own tables placed
 * after their question (`own`: the round's survey has the module).
 */
export function chapterTables (qn: Questionnaire, figures: Figure[], columns: GroupDef[], hidden: Set<Figure> | undefined, own: boolean): Array<{ title: string, tables: ResultTable[] }> {
  const keep = (xs: Array<ResultTable | null>): ResultTable[] => xs.filter((x): x is ResultTable => x !== null)
  return [
    { title: 'Svarsfrekvens', tables: keep([figureTable(figures, { id: 'response', title: 'Andel som besvarat enkäten', question: 'response', unit: 'organisations', columns, hidden, note: 'Andel av alla organisationer i gruppen (basen är alla, också de som inte svarat).' })]) },
    ...qn.chapters.map((c) => ({
      title: c.title,
      tables: keep(c.questions.flatMap((id) => [
        ...questionTables(qn, figures, qn.question(id), columns, hidden, own),
        ...(own ? surveyTables(qn) : []).filter((x) => x.after === id).map((x) => figureTable(figures, { id: x.id, title: x.title, question: x.question, unit: x.unit, columns, options: (o) => o.startsWith(x.prefix), hidden }))
      ]))
    }))
  ]
}

/** The twin towns per country (the register question's country field, as the survey module declares it), for all organisations. */
export function countryTable (qn: Questionnaire, figures: Figure[], all: GroupDef[]): ResultTable | null {
  const { twinTowns: id, countryField } = registers
  return figureTable(figures, { id: `${id}-country`, title: `Fråga ${qn.questionNumber(id)}. Samarbeten per land (alla organisationer)`, question: id, unit: 'rows', options: (o) => o.startsWith(`${countryField}=`), columns: all.filter((g) => g.id === 'alla') })
}
