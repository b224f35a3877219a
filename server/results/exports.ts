import { PassThrough, Readable } from 'node:stream'
import type ExcelJSModule from 'exceljs'
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { Answers, ContactAnswer, MultiAnswer, RowAnswer } from '../questionnaire/answers.js'
import { questions, sectionOfQuestion } from '../questionnaire/definition.js'
import type { Question } from '../questionnaire/types.js'
import { isQuestionVisible } from '../questionnaire/visibility.js'
import { csvLine, safeCell } from '../survey/csv.js'
import { loadAnswersMany } from '../survey/responses.js'
import { neutralLabel, neutralText, type Figure } from './figures.js'
import type { FreeText, RegisterRow } from './register.js'

export const RESULTS_HEADER = ['question', 'option', 'group', 'unit', 'base', 'count', 'percent', 'question_text', 'option_text'] as const


/** results.csv: one row per figure, UTF-8 with BOM, streamed. */
export function resultsCsv (figures: Figure[]): Readable {
  return Readable.from((function * () {
    yield `\uFEFF${csvLine([...RESULTS_HEADER])}`
    for (const f of figures) yield csvLine(RESULTS_HEADER.map((k) => f[k]))
  })())
}

const chapters: Array<{ name: string, questions: string[] }> = [
  { name: 'Svarsfrekvens', questions: ['response'] },
  { name: 'Engagemang', questions: ['q01', 'q02', 'engagement', 'q03'] },
  { name: 'Vänorter och partnerskap', questions: ['q04', 'q05', 'q06', 'q07', 'q08', 'q09'] },
  { name: 'Andra samarbeten', questions: ['q10', 'q11', 'q12', 'q13'] },
  { name: 'Mervärden och hinder', questions: ['q14', 'q15', 'q16'] },
  { name: 'Avslutning', questions: ['q17'] }
]

const unitNames: Record<string, string> = { organisations: 'organisationer', rows: 'rader', mentions: 'omnämnanden' }

let excel: typeof ExcelJSModule | undefined

/** exceljs, loaded on the first XLSX download rather than at every start (it is the largest module the server has). */
async function excelJs (): Promise<typeof ExcelJSModule> {
  excel ??= (await import('exceljs')).default
  return excel
}

/** A string cell that can never be read as a formula. */
function text (value: unknown): string {
  return safeCell(value)
}

/** results.xlsx: one sheet per chapter, the twin-town register and the free texts; numbers as numbers; streamed. */
export function resultsXlsx (figures: Figure[], register: RegisterRow[], texts: FreeText[]): PassThrough {
  const out = new PassThrough()
  void (async () => {
    const workbook = new (await excelJs()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
    for (const chapter of chapters) {
      const sheet = workbook.addWorksheet(chapter.name, { views: [{ state: 'frozen', ySplit: 1 }] })
      sheet.columns = [
        { header: 'Fråga', key: 'question', width: 12 }, { header: 'Svarsalternativ', key: 'option', width: 28 }, { header: 'Grupp', key: 'group', width: 18 },
        { header: 'Enhet', key: 'unit', width: 14 }, { header: 'Bas', key: 'base', width: 8 }, { header: 'Antal', key: 'count', width: 8 },
        { header: 'Procent', key: 'percent', width: 9, style: { numFmt: '0.0' } }, { header: 'Frågetext', key: 'question_text', width: 60 }, { header: 'Alternativ', key: 'option_text', width: 50 }
      ]
      sheet.getRow(1).font = { bold: true }
      for (const f of figures) {
        if (!chapter.questions.includes(f.question)) continue
        sheet.addRow({
          question: text(f.question), option: text(f.option), group: text(f.group), unit: unitNames[f.unit], base: f.base, count: f.count,
          percent: f.percent === '' ? null : Number(f.percent), question_text: text(f.question_text), option_text: text(f.option_text)
        }).commit()
      }
      sheet.commit()
    }
    const reg = workbook.addWorksheet('Vänortsregister', { views: [{ state: 'frozen', ySplit: 1 }] })
    reg.columns = [
      { header: 'Organisation', key: 'organisation', width: 28 }, { header: 'Typ', key: 'kind', width: 16 }, { header: 'Kommungrupp', key: 'group', width: 12 },
      { header: 'Partner', key: 'partner', width: 28 }, { header: 'Land', key: 'country', width: 20 }, { header: 'Världsdel', key: 'region', width: 16 },
      { header: 'Samarbetsform', key: 'form', width: 22 }, { header: 'Aktivitetsgrad', key: 'activity', width: 14 }
    ]
    reg.getRow(1).font = { bold: true }
    for (const r of register) reg.addRow(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, text(v)]))).commit()
    reg.commit()
    const free = workbook.addWorksheet('Fritext', { views: [{ state: 'frozen', ySplit: 1 }] })
    free.columns = [
      { header: 'Fråga', key: 'question', width: 8 }, { header: 'Frågetext', key: 'questionText', width: 50 },
      { header: 'Vem', key: 'attribution', width: 26 }, { header: 'Svar', key: 'text', width: 80 }
    ]
    free.getRow(1).font = { bold: true }
    for (const t of texts) free.addRow({ question: text(t.question), questionText: text(t.questionText), attribution: text(t.attribution), text: text(t.text) }).commit()
    free.commit()
    await workbook.commit()
  })().catch((err) => { out.destroy(err as Error) })
  return out
}

interface Column { header: string, value: (a: Answers) => string | number | null }

function visible (q: Question, a: Answers): boolean {
  return isQuestionVisible(sectionOfQuestion(q.id), q, a)
}

/** The columns of responses.csv/xlsx, from the questionnaire; contact details only when asked for. */
export function responseColumns (maxRows: { q04: number, q10: number }, includeContacts: boolean): Column[] {
  const cols: Column[] = []
  for (const q of questions) {
    const get = (a: Answers): unknown => visible(q, a) ? a[q.id] : undefined
    if (q.type === 'single' || q.type === 'text') cols.push({ header: q.id, value: (a) => (get(a) as string | undefined) ?? null })
    if (q.type === 'multi') {
      for (const o of q.options) cols.push({ header: `${q.id}_${o.id}`, value: (a) => { const m = get(a) as MultiAnswer | undefined; return m === undefined ? null : m.selected.includes(o.id) ? 1 : 0 } })
      cols.push({ header: `${q.id}_other_text`, value: (a) => (get(a) as MultiAnswer | undefined)?.other ?? null })
    }
    if (q.type === 'rows') {
      for (let n = 1; n <= maxRows[q.id as 'q04' | 'q10']; n++) {
        for (const f of q.fields) {
          cols.push({
            header: `${q.id}_${n}_${f.id}`,
            value: (a) => {
              const v = ((get(a) as RowAnswer[] | undefined) ?? [])[n - 1]?.[f.id]
              return v === undefined || v === null ? null : Array.isArray(v) ? v.join(' ') : v
            }
          })
        }
      }
    }
    if (q.type === 'contact' && includeContacts) {
      for (const f of q.fields) cols.push({ header: `${q.id}_${f.id}`, value: (a) => (get(a) as ContactAnswer | undefined)?.[f.id] ?? null })
    }
  }
  return cols
}

interface OrgRow { code: string, name: string, kind: string, grp: string | null, main: string | null, county: string, status: string, submitted_at: string | null, response_id: number | null }

const baseHeaders = ['kod', 'namn', 'typ', 'kommungrupp', 'huvudgrupp', 'lan', 'status', 'inskickad']

async function * responseRows (db: Db, roundId: number, includeContacts: boolean): AsyncGenerator<Array<string | number | null>> {
  const maxOf = async (table: 'partnership' | 'collaboration'): Promise<number> => {
    const r = await sql<{ n: number | null }>`select max(n) as n from (select count(*) as n from ${sql.table(table)}
      where response_id in (select id from response where round_id = ${roundId}) group by response_id)`.execute(db)
    return Number(r.rows[0]?.n ?? 0)
  }
  const columns = responseColumns({ q04: await maxOf('partnership'), q10: await maxOf('collaboration') }, includeContacts)
  yield [...baseHeaders, ...columns.map((c) => c.header)]
  let lastId = 0
  for (;;) {
    const orgs: OrgRow[] = await db.selectFrom('organisation as o').innerJoin('county as c', 'c.code', 'o.county_code')
      .leftJoin('municipality_group as g', 'g.code', 'o.municipality_group_code')
      .leftJoin('response as r', (j) => j.onRef('r.organisation_id', '=', 'o.id').on('r.round_id', '=', roundId))
      .select(['o.id', 'o.code', 'o.name', 'o.kind', 'o.municipality_group_code as grp', 'g.main_group_code as main', 'c.name as county', 'r.status', 'r.submitted_at', 'r.id as response_id'])
      .where('o.id', '>', lastId).orderBy('o.id').limit(500).execute()
      .then((rows) => rows.map((r) => { lastId = r.id; return { ...r, status: r.status ?? 'none' } }))
    if (orgs.length === 0) return
    const answers = await loadAnswersMany(db, orgs.flatMap((o) => o.response_id === null ? [] : [o.response_id]))
    for (const o of orgs) {
      const a = o.response_id === null ? {} : answers.get(o.response_id) ?? {}
      const status = o.status === 'submitted' ? 'inskickad' : o.status === 'draft' ? 'påbörjad' : 'ej öppnad'
      yield [o.code, o.name, o.kind === 'municipality' ? 'kommun' : 'region', o.grp, o.main, o.county, status, o.submitted_at, ...columns.map((c) => c.value(a))]
    }
  }
}

/** responses.csv: one row per organisation with every answer coded by option id; streamed in batches. */
export function responsesCsv (db: Db, roundId: number, includeContacts: boolean): Readable {
  return Readable.from((async function * () {
    let first = true
    for await (const row of responseRows(db, roundId, includeContacts)) {
      yield (first ? '\uFEFF' : '') + csvLine(row)
      first = false
    }
  })())
}

/** The codebook: every question and option id with its Swedish text. */
export function codebook (): Array<[string, string, string, string]> {
  const rows: Array<[string, string, string, string]> = []
  for (const q of questions) {
    rows.push([q.id, '', q.type, neutralText(q.text)])
    if (q.type === 'single' || q.type === 'multi') for (const o of q.options) rows.push([q.id, o.id, '', neutralLabel(o)])
    if (q.type === 'rows') {
      for (const f of q.fields) {
        rows.push([q.id, f.id, f.type, f.label])
        if (f.type === 'choice') for (const o of f.options) rows.push([q.id, `${f.id}=${o.id}`, '', neutralLabel(o)])
      }
    }
    if (q.type === 'contact') for (const f of q.fields) rows.push([q.id, f.id, 'contact', f.label])
  }
  return rows
}

/** codebook.csv. */
export function codebookCsv (): Readable {
  return Readable.from([`\uFEFF${csvLine(['question', 'option', 'type', 'text'])}`, ...codebook().map(csvLine)])
}

/** responses.xlsx: the same rows as responses.csv plus a codebook sheet; streamed. */
export function responsesXlsx (db: Db, roundId: number, includeContacts: boolean): PassThrough {
  const out = new PassThrough()
  void (async () => {
    const workbook = new (await excelJs()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
    const sheet = workbook.addWorksheet('Svar', { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] })
    let header = true
    for await (const row of responseRows(db, roundId, includeContacts)) {
      const r = sheet.addRow(row.map((v) => typeof v === 'string' ? text(v) : v))
      if (header) r.font = { bold: true }
      header = false
      r.commit()
    }
    sheet.commit()
    const book = workbook.addWorksheet('Kodbok')
    book.addRow(['Fråga', 'Alternativ', 'Typ', 'Text']).font = { bold: true }
    for (const r of codebook()) book.addRow(r.map(text)).commit()
    book.commit()
    await workbook.commit()
  })().catch((err) => { out.destroy(err as Error) })
  return out
}
