import { Readable } from 'node:stream'
import { csvLine } from '../survey/csv.js'
import { excelJs, text } from './excel.js'
import type { Figure } from './figures.js'

// What may be published. A share of fewer than five organisations could point at a single one and moves a lot
// with each answer, so published outputs (the report, publicering.csv/xlsx) show it as "–" with a note; the
// analysts' results.csv keeps every figure. Free text is attributed to a group only when enough in it answered.

/** The smallest base whose share is published. */
export const MIN_PUBLISHED_BASE = 5

/** The note beside a share that is not published. */
export const SMALL_BASE_NOTE = `– = färre än ${MIN_PUBLISHED_BASE} organisationer i basen; andelen redovisas inte.`

/** A share as published: the percent with one decimal and a dot (as in results.csv), or "–" for a base below five. */
export function publishedPercent (f: Pick<Figure, 'base' | 'percent'>): string {
  return f.base < MIN_PUBLISHED_BASE ? '–' : f.percent
}

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

export const PUBLICATION_HEADER = ['fraga', 'alternativ', 'grupp', 'enhet', 'bas', 'antal', 'procent', 'not', 'fragetext', 'alternativtext'] as const

function publicationRow (f: Figure): Array<string | number> {
  const small = f.base < MIN_PUBLISHED_BASE && f.base > 0
  return [f.question, f.option, f.group, f.unit, f.base, f.count, publishedPercent(f), small ? SMALL_BASE_NOTE : '', f.question_text, f.option_text]
}

/** publicering.csv: the figures as they may be published (shares of a base below five as "–" with a note). */
export function publicationCsv (figures: Figure[]): Readable {
  return Readable.from((function * () {
    yield `\uFEFF${csvLine([...PUBLICATION_HEADER])}`
    for (const f of figures) yield csvLine(publicationRow(f))
  })())
}

/** publicering.xlsx: the same rows, numbers as numbers, with the note on small bases. */
export async function publicationXlsx (figures: Figure[]): Promise<Buffer> {
  const workbook = new (await excelJs()).Workbook()
  const sheet = workbook.addWorksheet('Publicering', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = [
    { header: 'Fråga', key: 'q', width: 12 }, { header: 'Alternativ', key: 'o', width: 28 }, { header: 'Grupp', key: 'g', width: 18 },
    { header: 'Enhet', key: 'u', width: 14 }, { header: 'Bas', key: 'b', width: 8 }, { header: 'Antal', key: 'c', width: 8 },
    { header: 'Procent', key: 'p', width: 9, style: { numFmt: '0.0' } }, { header: 'Not', key: 'n', width: 40 },
    { header: 'Frågetext', key: 'qt', width: 60 }, { header: 'Alternativ (text)', key: 'ot', width: 50 }
  ]
  sheet.getRow(1).font = { bold: true }
  for (const f of figures) {
    const row = publicationRow(f)
    const percent = publishedPercent(f)
    sheet.addRow({ q: text(f.question), o: text(f.option), g: text(f.group), u: text(f.unit), b: f.base, c: f.count, p: percent === '' || percent === '–' ? percent : Number(percent), n: text(row[7]), qt: text(f.question_text), ot: text(f.option_text) })
  }
  sheet.addRow({})
  sheet.addRow({ q: SMALL_BASE_NOTE })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
