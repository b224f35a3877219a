import { countryCodeFromName, countryName } from '../countries.js'
import type { RowField, RowsQuestion } from '../types.js'
import { word } from '../wording.js'
import type { ViewContext } from './kind.js'

type RowState = Record<string, string>

/** The hidden field that marks a row as last round's answer, and the choice whether it goes on ('kvar' or 'avslutat'). */
export const PREVIOUS = '_forra'
export const STILL = '_kvar'
/** The hidden field of a row shown with its inputs (being edited): a page shown again keeps it open. */
export const OPEN = '_oppen'

/** Whether a row holds anything the respondent typed (markers do not count). */
export function hasValues (r: RowState): boolean {
  return Object.entries(r).some(([k, v]) => !k.startsWith('_') && v.trim() !== '')
}

/**
 * The notice beside a row whose form needs a partner country in a list (municipal partnerships exist only with
 * ICLD's countries), or null.
 */
export function rowNotice (q: RowsQuestion, row: Record<string, unknown>, icld: ReadonlySet<string>): string | null {
  const check = q.icldCheck
  if (check === undefined) return null
  const country = row[check.countryField]
  if (row[check.field] !== check.equals || typeof country !== 'string' || country === '') return null
  const code = countryCodeFromName(country) ?? country
  if (icld.has(code)) return null
  return check.message.replaceAll('{land}', countryName(code))
}

/** What names a row in a sentence: its first text field, with its country in brackets ("Tianjin (Kina)"). */
export function rowTitle (q: RowsQuestion, r: RowState): string {
  const name = q.fields.find((f) => f.type === 'text')
  const country = q.fields.find((f) => f.type === 'country')
  const title = (name === undefined ? '' : r[name.id] ?? '').trim()
  const land = (country === undefined ? '' : r[country.id] ?? '').trim()
  if (title === '') return land
  return land === '' ? title : `${title} (${land})`
}

/** The carry-over question about one row: "Finns samarbetet med Tianjin (Kina) kvar?" from "Finns samarbetet kvar?". */
export function carryOverText (question: string, title: string): string {
  if (title === '') return question
  if (question.includes('{rad}')) return question.replaceAll('{rad}', title)
  const m = /^(.*\S) (kvar\?)$/.exec(question)
  return m === null ? `${question} (${title})` : `${m[1]} med ${title} ${m[2]}`
}

function displayValue (f: RowField, v: string, ctx: ViewContext): string {
  if (f.type !== 'choice') return v.trim()
  const o = f.options.find((x) => x.id === v)
  return o === undefined ? '' : word(o.label, ctx.kind)
}

function fieldViews (q: RowsQuestion, r: RowState, i: number | string, ctx: ViewContext): Array<Record<string, unknown>> {
  return q.fields.map((f) => ({
    id: f.id,
    inputId: `${q.id}-${i}-${f.id}`,
    name: `${q.id}.${i}.${f.id}`,
    label: f.label,
    type: f.type,
    hint: f.type === 'countries' ? f.hint : null,
    maxLength: f.type === 'text' ? f.maxLength : f.type === 'country' ? 100 : null,
    value: r[f.id] ?? '',
    choices: f.type === 'choice' ? f.options.map((o) => ({ value: o.id, label: word(o.label, ctx.kind) })) : null,
    error: ctx.errors.get(`${q.id}-${i}-${f.id}`) ?? null
  }))
}

function isEditing (q: RowsQuestion, r: RowState, i: number, ctx: ViewContext): boolean {
  if (r[OPEN] === '1' || !hasValues(r)) return true
  if (ctx.edit?.question === q.id && ctx.edit.index === i) return true
  return q.fields.some((f) => ctx.errors.has(`${q.id}-${i}-${f.id}`))
}

function rowView (q: RowsQuestion, r: RowState, i: number, ctx: ViewContext): Record<string, unknown> {
  const base = { index: i, number: i + 1, notice: rowNotice(q, r, ctx.icld) }
  if (isEditing(q, r, i, ctx)) return { ...base, mode: 'editor', fields: fieldViews(q, r, i, ctx) }
  const title = rowTitle(q, r) || `${q.rowLabel} ${i + 1}`
  const details = q.fields.filter((f) => f.type !== 'text' && f.type !== 'country').map((f) => displayValue(f, r[f.id] ?? '', ctx)).filter((v) => v !== '')
  const hidden = q.fields.map((f) => ({ name: `${q.id}.${i}.${f.id}`, value: r[f.id] ?? '' }))
  const carried = r[PREVIOUS] === '1' && q.carryOver !== undefined
  const inputId = `${q.id}-${i}-${STILL}`
  return {
    ...base,
    mode: carried ? 'previous' : 'summary',
    title,
    details: details.join(', '),
    hidden: carried ? [...hidden, { name: `${q.id}.${i}.${PREVIOUS}`, value: '1' }] : hidden,
    previous: carried
      ? { question: carryOverText(q.carryOver?.question ?? '', rowTitle(q, r)), stillName: `${q.id}.${i}.${STILL}`, inputId, value: r[STILL] ?? '', error: ctx.errors.get(inputId) ?? null }
      : null
  }
}

/**
 * The view of a rows question as a short list (the "add another" pattern): saved rows as one line each with their
 * values in hidden fields, one row open with its inputs (asked for, just added, posted open or holding an error),
 * rows of last round asking once whether they go on, and a template row for the script that adds rows in place.
 */
export function rowsView (q: RowsQuestion, given: RowState[], ctx: ViewContext): Record<string, unknown> {
  const rows = given.map((r, i) => rowView(q, r, i, ctx))
  const empty: RowState = Object.fromEntries(q.fields.map((f) => [f.id, '']))
  const adding = ctx.edit?.question === q.id && ctx.edit.index === null
  if ((rows.length === 0 || adding) && rows.length < q.maxRows) rows.push({ index: rows.length, number: rows.length + 1, notice: null, mode: 'editor', fields: fieldViews(q, empty, rows.length, ctx) })
  return {
    rowLabel: q.rowLabel,
    carryOver: q.carryOver ?? null,
    maxRows: q.maxRows,
    canAdd: rows.length < q.maxRows,
    hasCountries: q.fields.some((f) => f.type === 'country' || f.type === 'countries'),
    rows,
    template: { fields: fieldViews(q, empty, '__N__', { ...ctx, errors: new Map() }) }
  }
}

function isStored (r: RowState): boolean {
  return hasValues(r) && !(r[PREVIOUS] === '1' && r[STILL] === 'avslutat')
}

/** How many of a page's posted rows are stored when it saves (empty rows and ended rows of last round are not). */
export function storedCount (given: RowState[]): number {
  return given.filter(isStored).length
}

/** Where a posted row is among the stored rows after a save, or null when it is not stored. */
export function storedIndex (given: RowState[], index: number): number | null {
  const row = given[index]
  if (row === undefined || !isStored(row)) return null
  return storedCount(given.slice(0, index))
}
