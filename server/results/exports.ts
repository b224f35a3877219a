import { PassThrough, Readable } from 'node:stream'
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { nameInRound, roundClassification } from '../db/reference-data.js'
import type { Answers } from '../questionnaire/answers.js'
import { kindOf } from '../questionnaire/kinds/index.js'
import type { Questionnaire } from '../questionnaire/questionnaire.js'
import { derivedAfter } from '../questionnaire/survey-figures.js'
import { isQuestionVisible } from '../questionnaire/visibility.js'
import { neutralText } from '../questionnaire/wording.js'
import { orgStatus, statusNames } from '../admin/organisations.js'
import { swedishTimestamp } from '../survey/clock.js'
import { csvLine } from '../survey/csv.js'
import { excelJs, text } from './excel.js'
import { loadAnswersMany } from '../survey/responses.js'
import { roundQuestionnaire } from '../survey/round-questionnaire.js'
import type { Figure } from './figures.js'
import type { FreeText, RegisterRow } from './register.js'

export const RESULTS_HEADER = ['question', 'option', 'group', 'unit', 'base', 'count', 'percent', 'question_text', 'option_text'] as const


/** results.csv: one row per figure, UTF-8 with BOM, streamed. */
export function resultsCsv (figures: Figure[]): Readable {
  return Readable.from((function * () {
    yield `\uFEFF${csvLine([...RESULTS_HEADER])}`
    for (const f of figures) yield csvLine(RESULTS_HEADER.map((k) => f[k]))
  })())
}

/** The question a figure belongs with: its own, or for a derived figure (not a question of the version) the question its table follows. */
function anchorOf (qn: Questionnaire, figureQuestion: string): string {
  return qn.hasQuestion(figureQuestion) ? figureQuestion : derivedAfter[figureQuestion] ?? figureQuestion
}

const unitNames: Record<string, string> = { organisations: 'organisationer', rows: 'rader', mentions: 'omnämnanden' }

/** results.xlsx: one sheet per chapter, the twin-town register (for a survey that has one, else null) and the free texts; numbers as numbers; streamed. */
export function resultsXlsx (qn: Questionnaire, figures: Figure[], register: RegisterRow[] | null, texts: FreeText[]): PassThrough {
  const out = new PassThrough()
  void (async () => {
    const workbook = new (await excelJs()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true })
    for (const chapter of [{ sheet: 'Svarsfrekvens', questions: ['response'] }, ...qn.chapters]) {
      const sheet = workbook.addWorksheet(chapter.sheet, { views: [{ state: 'frozen', ySplit: 1 }] })
      sheet.columns = [
        { header: 'Fråga', key: 'question', width: 12 }, { header: 'Svarsalternativ', key: 'option', width: 28 }, { header: 'Grupp', key: 'group', width: 18 },
        { header: 'Enhet', key: 'unit', width: 14 }, { header: 'Bas', key: 'base', width: 8 }, { header: 'Antal', key: 'count', width: 8 },
        { header: 'Procent', key: 'percent', width: 9, style: { numFmt: '0.0' } }, { header: 'Frågetext', key: 'question_text', width: 60 }, { header: 'Alternativ', key: 'option_text', width: 50 }
      ]
      sheet.getRow(1).font = { bold: true }
      for (const f of figures) {
        if (!chapter.questions.includes(anchorOf(qn, f.question))) continue
        sheet.addRow({
          question: text(f.question), option: text(f.option), group: text(f.group), unit: unitNames[f.unit], base: f.base, count: f.count,
          percent: f.percent === '' ? null : Number(f.percent), question_text: text(f.question_text), option_text: text(f.option_text)
        }).commit()
      }
      sheet.commit()
    }
    if (register !== null) {
      const reg = workbook.addWorksheet('Vänortsregister', { views: [{ state: 'frozen', ySplit: 1 }] })
      reg.columns = [
        { header: 'Organisation', key: 'organisation', width: 28 }, { header: 'Typ', key: 'kind', width: 16 }, { header: 'Kommungrupp', key: 'group', width: 12 },
        { header: 'Partner', key: 'partner', width: 28 }, { header: 'Land', key: 'country', width: 20 }, { header: 'Världsdel', key: 'region', width: 16 },
        { header: 'Samarbetsform', key: 'form', width: 22 }, { header: 'Aktivitetsgrad', key: 'activity', width: 14 }
      ]
      reg.getRow(1).font = { bold: true }
      for (const r of register) reg.addRow(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, text(v)]))).commit()
      reg.commit()
    }
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

/** The columns of responses.csv/xlsx, from each question's kind; contact details only when asked for. */
export function responseColumns (qn: Questionnaire, maxRows: Record<string, number>, includeContacts: boolean): Column[] {
  return qn.questions.flatMap((q) => {
    const section = qn.sectionOfQuestion(q.id)
    return kindOf(q).columns(q, maxRows[q.id] ?? 0, includeContacts).map((c) => ({
      header: c.header,
      value: (a: Answers) => c.value(isQuestionVisible(section, q, a) ? a[q.id] : undefined)
    }))
  })
}

interface OrgRow { code: string, name: string, kind: string, grp: string | null, main: string | null, county: string, status: string | null, first_saved_at: string | null, submitted_at: string | null, response_id: number | null }

/** The status is named as on the admin pages; inskickad is Swedish time with its offset (2026-03-02T08:25:13+01:00). */
const baseHeaders = ['kod', 'namn', 'typ', 'kommungrupp', 'huvudgrupp', 'lan', 'status', 'inskickad']

async function * responseRows (db: Db, roundId: number, includeContacts: boolean): AsyncGenerator<Array<string | number | null>> {
  const most = await sql<{ question_id: string, n: number }>`select question_id, max(position) as n from answer_row
    where response_id in (select id from response where round_id = ${roundId}) group by question_id`.execute(db)
  const qn = await roundQuestionnaire(db, roundId)
  const columns = responseColumns(qn, Object.fromEntries(most.rows.map((r) => [r.question_id, Number(r.n)])), includeContacts)
  yield [...baseHeaders, ...columns.map((c) => c.header)]
  let lastId = 0
  const classification = await roundClassification(db, roundId)
  for (;;) {
    // Kommungrupp and huvudgrupp in the round's own classification.
    const orgs: OrgRow[] = await db.selectFrom('organisation as o').innerJoin('county as c', 'c.code', 'o.county_code')
      .leftJoin('organisation_group as og', (j) => j.onRef('og.organisation_id', '=', 'o.id').on('og.classification', '=', classification))
      .leftJoin('classification_group as g', (j) => j.onRef('g.code', '=', 'og.group_code').on('g.classification', '=', classification))
      .leftJoin('response as r', (j) => j.onRef('r.organisation_id', '=', 'o.id').on('r.round_id', '=', roundId))
      .select(['o.id', 'o.code', nameInRound('o', roundId).as('name'), 'o.kind', 'og.group_code as grp', 'g.main_group_code as main', 'c.name as county', 'r.status', 'r.first_saved_at', 'r.submitted_at', 'r.id as response_id'])
      .where('o.id', '>', lastId).orderBy('o.id').limit(500).execute()
      .then((rows) => rows.map((r) => { lastId = r.id; return r }))
    if (orgs.length === 0) return
    const answers = await loadAnswersMany(db, qn, orgs.flatMap((o) => o.response_id === null ? [] : [o.response_id]))
    for (const o of orgs) {
      const a = o.response_id === null ? {} : answers.get(o.response_id) ?? {}
      const submitted = o.submitted_at !== null ? swedishTimestamp(o.submitted_at) : null
      yield [o.code, o.name, o.kind === 'municipality' ? 'kommun' : 'region', o.grp, o.main, o.county, statusNames[orgStatus(o)], submitted, ...columns.map((c) => c.value(a))]
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
export function codebook (qn: Questionnaire): Array<[string, string, string, string]> {
  return qn.questions.flatMap((q): Array<[string, string, string, string]> => [
    [q.id, '', q.type, neutralText(q.text)],
    ...kindOf(q).codebook(q).map(([option, type, text]): [string, string, string, string] => [q.id, option, type, text])
  ])
}

/** codebook.csv. */
export function codebookCsv (qn: Questionnaire): Readable {
  return Readable.from([`\uFEFF${csvLine(['question', 'option', 'type', 'text'])}`, ...codebook(qn).map(csvLine)])
}

/** responses.xlsx: the same rows as responses.csv plus a codebook sheet; streamed. */
export function responsesXlsx (db: Db, roundId: number, includeContacts: boolean): PassThrough {
  const out = new PassThrough()
  void (async () => {
    const workbook = new (await excelJs()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true })
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
    for (const r of codebook(await roundQuestionnaire(db, roundId))) book.addRow(r.map(text)).commit()
    book.commit()
    await workbook.commit()
  })().catch((err) => { out.destroy(err as Error) })
  return out
}
