import { countryName } from '../countries.js'
import type { Option, RowsQuestion } from '../types.js'
import { neutralLabel } from '../wording.js'
import type { FigureReads, LackedId, TableHeading, TableSpec } from './kind.js'

/** What the rows kind gives results, version diffs and figure checks: its tables, labels and ids are its fields'. */
export const rowList = {
  tables: (q: RowsQuestion, heading: TableHeading): TableSpec[] => q.fields.flatMap((f): TableSpec[] => f.type === 'choice'
    ? [{ id: `${q.id}-${f.id}`, title: heading.numbered(`${q.tableTitle} per ${f.label.toLowerCase()}`), unit: 'rows', prefix: `${f.id}=` }]
    : []),
  optionLabels: (q: RowsQuestion): Map<string, string> => new Map(q.fields.flatMap((f) => f.type === 'choice' ? f.options.map((o) => [`${f.id}=${o.id}`, neutralLabel(o)] as const) : [[f.id, f.label] as const])),
  appendix: (q: RowsQuestion): string[] => q.fields.map((f) => f.label),
  lacking (q: RowsQuestion, reads: FigureReads): LackedId[] {
    return Object.entries(reads.fields ?? {}).flatMap(([field, options]): LackedId[] => {
      const f = q.fields.find((x) => x.id === field)
      if (f === undefined) return [{ field }]
      return options.filter((o) => f.type !== 'choice' || !f.options.some((x) => x.id === o)).map((o) => ({ option: `${field}=${o}` }))
    })
  },
  rowList: (q: RowsQuestion) => ({ max: q.maxRows, firstField: q.fields[0]?.id ?? '' })
}

/** The options of a row's choice field, or null when the field is not a choice (or missing). */
export function fieldOptions (q: RowsQuestion, field: string): Option[] | null {
  const f = q.fields.find((x) => x.id === field)
  return f?.type === 'choice' ? f.options : null
}

/** A stored cell as the register and the list of collaborations write it: a missing choice or country is "Ej angivet". */
export function registerCell (q: RowsQuestion, field: string, v: unknown): string {
  const f = q.fields.find((x) => x.id === field)
  // A list of countries is empty when none was named.
  if (f?.type === 'countries') return Array.isArray(v) ? v.map((c) => countryName(String(c))).join(', ') : ''
  if (v === null || v === undefined) return f?.type === 'text' ? '' : 'Ej angivet'
  if (f?.type === 'choice') { const o = f.options.find((x) => x.id === v); return o === undefined ? String(v) : neutralLabel(o) }
  if (f?.type === 'country') return countryName(String(v))
  return String(v)
}
