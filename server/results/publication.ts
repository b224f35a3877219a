import { Readable } from 'node:stream'
import { csvLine } from '../survey/csv.js'
import { excelJs, text } from './excel.js'
import type { Db } from '../db/database.js'
import { PerDatabase } from '../survey/answers-version.js'
import { roundQuestionnaire } from '../survey/round-questionnaire.js'
import { roundSurveyModule } from '../survey/surveys.js'
import { registerQuestions } from '../questionnaire/survey-figures.js'
import type { Unit } from '../questionnaire/kinds/kind.js'
import { computeFigures, type Figure, resultGroups } from './figures.js'
import { MAX_SMALL_COUNT, MIN_BASE, groupSums, suppressed } from './suppression.js'

// What may be published. A count of one or two organisations, or any count of a base under five, could point at a
// single one, so published outputs (the report, rapport.docx, publicering.csv/xlsx) show it as "–", and so every
// count from which it could be worked out by subtraction (see suppression.ts); the analysts' results.csv keeps
// every figure. Free text is attributed to a group only when enough in it answered.

/** The smallest base whose figures are published. */
export const MIN_PUBLISHED_BASE = MIN_BASE

/** The note beside a figure that is not published. */
export const SMALL_BASE_NOTE = `– = redovisas inte: färre än ${MAX_SMALL_COUNT + 1} organisationer, en bas under ${MIN_BASE}, eller en uppgift som annars kunde räknas fram ur de andra.`

/** A round's figures with those that may not be published. */
export interface PublishedFigures { figures: Figure[], hidden: Set<Figure>, labels: PublicationLabels }

/** How a published figure is named in words: its question's number in the round's version and its group's name. */
export interface PublicationLabels { question: (id: string) => string, group: (id: string) => string }

/** The units in words, as publicering.csv/xlsx write them. */
const unitWords: Record<Unit, string> = { organisations: 'organisationer', mentions: 'omnämnanden', rows: 'angivna rader' }

async function publicationLabels (db: Db, roundId: number): Promise<PublicationLabels> {
  const [qn, groups] = await Promise.all([roundQuestionnaire(db, roundId), resultGroups(db, roundId)])
  const groupNames = new Map(groups.map((g) => [g.id, g.label]))
  const isQuestion = (id: string): boolean => qn.questions.some((q) => q.id === id)
  return {
    question: (id) => isQuestion(id) ? String(qn.questionNumber(id)) : '',
    group: (id) => groupNames.get(id) ?? id
  }
}

/** The figures of a round as they may be published (one protection for every published output, so none can be set against another). */
export async function publishedFigures (db: Db, roundId: number): Promise<PublishedFigures> {
  return await protectedCache.get(db, roundId, async () => {
    const figures = await computeFigures(db, roundId)
    const asked = new Set((await roundQuestionnaire(db, roundId)).questions.map((q) => q.id))
    const listed = registerQuestions((await roundSurveyModule(db, roundId)) !== null)
    return { figures, hidden: suppressed(figures, await groupSums(db, roundId), asked, listed), labels: await publicationLabels(db, roundId) }
  })
}

// Working out the protection takes a moment (elimination over the sums), so it is kept per answers version.
const protectedCache = new PerDatabase<PublishedFigures>()

/** Submitted responses per kommungrupp (with its huvudgrupp) and of regions, for attributing free text. */
export interface AnswerCounts { byGroup: Map<string, number>, byMain: Map<string, number>, mainOf: Map<string, string>, regions: number }

/**
 * Who a free-text answer is attributed to: its kommungrupp when at least five organisations in it answered,
 * otherwise its huvudgrupp when at least five there did, otherwise only "en kommun"; regions as "Region" when at
 * least five regions answered, otherwise "en region".
 */
export function attribution (kind: 'municipality' | 'region', group: string | null, counts: AnswerCounts): string {
  if (kind === 'region') return counts.regions >= MIN_PUBLISHED_BASE ? 'Region' : 'En region'
  if (group !== null && (counts.byGroup.get(group) ?? 0) >= MIN_PUBLISHED_BASE) return `Kommun i kommungrupp ${group}`
  const main = group === null ? undefined : counts.mainOf.get(group)
  if (main !== undefined && (counts.byMain.get(main) ?? 0) >= MIN_PUBLISHED_BASE) return `Kommun i huvudgrupp ${main}`
  return 'En kommun'
}

/**
 * publicering.csv's columns: what a reader needs in words (the question's number and text, the answer, the group and
 * the unit in Swedish), and last a key (question id/option/group/unit) to find the figure again in results.csv.
 */
export const PUBLICATION_HEADER = ['Fråga', 'Frågetext', 'Svar', 'Grupp', 'Enhet', 'Bas', 'Antal', 'Procent', 'Not', 'Nyckel'] as const

function publicationRow (f: Figure, hidden: boolean, l: PublicationLabels): Array<string | number> {
  return [l.question(f.question), f.question_text, f.option_text, l.group(f.group), unitWords[f.unit], f.base, hidden ? '–' : f.count, hidden ? '–' : f.percent, hidden ? SMALL_BASE_NOTE : '', figureKey(f)]
}

/** The key of a figure, as results.csv names it: question/option/group/unit. */
function figureKey (f: Figure): string {
  return `${f.question}/${f.option}/${f.group}/${f.unit}`
}

/** publicering.csv: the figures as they may be published (protected counts and their percents as "–" with a note). */
export function publicationCsv ({ figures, hidden, labels }: PublishedFigures): Readable {
  return Readable.from((function * () {
    yield `\uFEFF${csvLine([...PUBLICATION_HEADER])}`
    for (const f of figures) yield csvLine(publicationRow(f, hidden.has(f), labels))
  })())
}

/** publicering.xlsx: the same rows, numbers as numbers, with the note on protected figures. */
export async function publicationXlsx ({ figures, hidden, labels }: PublishedFigures): Promise<Buffer> {
  const workbook = new (await excelJs()).Workbook()
  const sheet = workbook.addWorksheet('Publicering', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = [
    { header: 'Fråga', key: 'q', width: 7 }, { header: 'Frågetext', key: 'qt', width: 60 }, { header: 'Svar', key: 'o', width: 40 },
    { header: 'Grupp', key: 'g', width: 28 }, { header: 'Enhet', key: 'u', width: 18 }, { header: 'Bas', key: 'b', width: 8 }, { header: 'Antal', key: 'c', width: 8 },
    { header: 'Procent', key: 'p', width: 9, style: { numFmt: '0.0' } }, { header: 'Not', key: 'n', width: 40 }, { header: 'Nyckel', key: 'k', width: 36 }
  ]
  sheet.getRow(1).font = { bold: true }
  for (const f of figures) {
    const h = hidden.has(f)
    sheet.addRow({ q: text(labels.question(f.question)), qt: text(f.question_text), o: text(f.option_text), g: text(labels.group(f.group)), u: text(unitWords[f.unit]), b: f.base, c: h ? '–' : f.count, p: h || f.percent === '' ? (h ? '–' : '') : Number(f.percent), n: h ? SMALL_BASE_NOTE : '', k: text(figureKey(f)) })
  }
  sheet.addRow({})
  sheet.addRow({ q: SMALL_BASE_NOTE })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
