import { z } from 'zod'
import type { AnswerValue, Answers, ContactAnswer, MultiAnswer, RowAnswer } from './answers.js'
import { countryCodeFromName, countryName } from './countries.js'
import { questionNumber } from './definition.js'
import type { ContactQuestion, MultiQuestion, Question, RowField, RowsQuestion, Section, SingleQuestion, TextQuestion } from './types.js'

export type MultiState = { selected: string[], other: string }
export type RowState = Record<string, string>
export type QuestionState = string | MultiState | RowState[] | Record<string, string>
/** What the form shows: the user's input as typed, by question id. */
export type FormState = Record<string, QuestionState>

export interface FieldError {
  /** The id of the element the error summary links to. */
  id: string
  question: string
  message: string
  summary: string
}

export interface ParsedSection {
  state: FormState
  answers: Answers
  errors: FieldError[]
}

type Body = Record<string, unknown>

const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/
const MAX_ROW_INDEX = 9999
const nf = new Intl.NumberFormat('sv-SE')

// Schemas are made once per length or option list: making a zod schema costs more than using it.
const textSchemas = new Map<number, z.ZodType<string>>()
const choiceSchemas = new Map<string, z.ZodType<string>>()

function text (max: number): z.ZodType<string> {
  let schema = textSchemas.get(max)
  if (schema === undefined) {
    schema = z.string()
      .max(max, { error: `Texten får vara högst ${nf.format(max)} tecken lång.` })
      .refine((s) => !FORBIDDEN.test(s), { error: 'Texten innehåller tecken som inte är tillåtna.' })
    textSchemas.set(max, schema)
  }
  return schema
}

function choice (ids: string[], message: string): z.ZodType<string> {
  const key = `${ids.join(' ')}\n${message}`
  let schema = choiceSchemas.get(key)
  if (schema === undefined) {
    schema = z.enum(ids as [string, ...string[]], { error: message })
    choiceSchemas.set(key, schema)
  }
  return schema
}

const optionMessage = 'Välj bland svarsalternativen.'
const countryMessage = 'Välj ett land i listan.'
// The country list sends the Swedish name (its options have no value attribute, to keep pages small); codes are taken too.
const countrySchema = z.string().refine((s) => countryCodeFromName(s) !== undefined, { error: countryMessage }).transform((s) => countryCodeFromName(s) as string)
const emailSchema = z.email({ error: 'Ange en giltig e-postadress, till exempel namn@kommun.se.' }).max(254, { error: 'E-postadressen är för lång.' })
const phoneSchema = z.string().regex(/^[0-9 +()\-–]*$/, { error: 'Ange telefonnumret med siffror, till exempel 08-452 70 00.' })

class Collector {
  errors: FieldError[] = []
  constructor (readonly body: Body) {}

  fail (q: Question, id: string, message: string, where = ''): void {
    this.errors.push({ id, question: q.id, message, summary: `Fråga ${questionNumber(q.id)}${where}: ${message}` })
  }

  one (q: Question, name: string, id: string): string {
    const v = this.body[name]
    if (v === undefined) return ''
    if (Array.isArray(v)) {
      this.fail(q, id, 'Svaret skickades mer än en gång. Välj ett svar och spara igen.')
      return typeof v[0] === 'string' ? v[0] : ''
    }
    if (typeof v !== 'string') {
      this.fail(q, id, 'Svaret kunde inte läsas. Fyll i det igen.')
      return ''
    }
    return v
  }

  many (name: string): string[] {
    const v = this.body[name]
    if (v === undefined) return []
    return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string')
  }

  check<T> (schema: z.ZodType<T>, value: unknown, q: Question, id: string, where = ''): T | undefined {
    const r = schema.safeParse(value)
    if (r.success) return r.data
    this.fail(q, id, r.error.issues[0]?.message ?? 'Ogiltigt värde.', where)
    return undefined
  }
}

/**
 * The first rows question of the section for which the body names a row beyond its maximum (pages never show more
 * rows than that), or null. Cheap enough to run before anything else reads the body.
 */
export function rowBeyondMaximum (section: Section, body: Body): RowsQuestion | null {
  const rowsQuestions = section.questions.filter((q): q is RowsQuestion => q.type === 'rows')
  if (rowsQuestions.length === 0) return null
  for (const key of Object.keys(body)) {
    const m = /^(q\d\d)\.(\d+)\./.exec(key)
    if (m === null) continue
    const q = rowsQuestions.find((x) => x.id === m[1])
    if (q !== undefined && (m[2] ?? '').length <= 6 && Number(m[2]) >= q.maxRows) return q
    if (q !== undefined && (m[2] ?? '').length > 6) return q
  }
  return null
}

/** Reads one section's fields from a form body, validates them and returns answers or errors. */
export function parseSectionForm (section: Section, body: Body, removeRow?: { question: string, index: number }): ParsedSection {
  const c = new Collector(body)
  const state: FormState = {}
  const answers: Answers = {}
  for (const q of section.questions) {
    const [s, a] = parseQuestion(c, q, removeRow)
    state[q.id] = s
    answers[q.id] = a
  }
  return { state, answers, errors: c.errors }
}

function parseQuestion (c: Collector, q: Question, removeRow?: { question: string, index: number }): [QuestionState, AnswerValue] {
  switch (q.type) {
    case 'single': return parseSingle(c, q)
    case 'multi': return parseMulti(c, q)
    case 'text': return parseText(c, q)
    case 'contact': return parseContact(c, q)
    case 'rows': return parseRows(c, q, removeRow?.question === q.id ? removeRow.index : undefined)
  }
}

function parseSingle (c: Collector, q: SingleQuestion): [string, string | null] {
  const raw = c.one(q, q.id, `${q.id}-${q.options[0].id}`)
  if (raw === '') return ['', null]
  const v = c.check(choice(q.options.map((o) => o.id), optionMessage), raw, q, `${q.id}-${q.options[0].id}`)
  return [raw, v ?? null]
}

function parseMulti (c: Collector, q: MultiQuestion): [MultiState, MultiAnswer | null] {
  const firstId = `${q.id}-${q.options[0].id}`
  const raw = c.many(q.id)
  const other = c.one(q, `${q.id}.other`, `${q.id}-other-text`)
  const otherOption = q.options.find((o) => o.other === true)
  const st: MultiState = { selected: [...new Set(raw)].slice(0, q.options.length + 1), other }
  if (raw.length > q.options.length * 4) c.fail(q, firstId, 'För många val skickades. Ladda om sidan och försök igen.')
  const ids = q.options.map((o) => o.id)
  const selected = st.selected.filter((v) => c.check(choice(ids, optionMessage), v, q, firstId) !== undefined)
  const otherText = c.check(text(q.otherMaxLength), other.trim(), q, `${q.id}-other-text`)
  if (otherOption !== undefined && otherText !== undefined && otherText !== '' && !selected.includes(otherOption.id)) {
    selected.push(otherOption.id)
    st.selected.push(otherOption.id)
  }
  const ordered = ids.filter((id) => selected.includes(id))
  const keepOther = otherOption !== undefined && ordered.includes(otherOption.id) && otherText !== undefined && otherText !== ''
  if (ordered.length === 0) return [st, null]
  return [st, { selected: ordered, other: keepOther ? otherText : null }]
}

function parseText (c: Collector, q: TextQuestion): [string, string | null] {
  const raw = c.one(q, q.id, q.id)
  const v = c.check(text(q.maxLength), raw.trim(), q, q.id)
  return [raw, v === undefined || v === '' ? null : v]
}

function parseContact (c: Collector, q: ContactQuestion): [Record<string, string>, ContactAnswer | null] {
  const st: Record<string, string> = {}
  const answer: ContactAnswer = {}
  for (const f of q.fields) {
    const id = `${q.id}-${f.id}`
    const raw = c.one(q, `${q.id}.${f.id}`, id)
    st[f.id] = raw
    const trimmed = c.check(text(f.maxLength), raw.trim(), q, id, `, ${f.label.toLowerCase()}`)
    if (trimmed === undefined || trimmed === '') { answer[f.id] = null; continue }
    const extra = f.input === 'email' ? emailSchema : f.input === 'tel' ? phoneSchema : undefined
    answer[f.id] = extra === undefined ? trimmed : (c.check(extra, trimmed, q, id, `, ${f.label.toLowerCase()}`) ?? null)
  }
  return [st, Object.values(answer).some((v) => v !== null) ? answer : null]
}

function parseRows (c: Collector, q: RowsQuestion, removeIndex?: number): [RowState[], RowAnswer[] | null] {
  const pattern = new RegExp(`^${q.id}\\.(\\d{1,6})\\.([a-z_]+)$`)
  const byIndex = new Map<number, RowState>()
  let tooMany = false
  for (const key of Object.keys(c.body)) {
    const m = pattern.exec(key)
    if (m === null) continue
    const index = Number(m[1])
    const field = q.fields.find((f) => f.id === m[2])
    if (field === undefined) continue
    if (index > MAX_ROW_INDEX) { tooMany = true; continue }
    const row = byIndex.get(index) ?? {}
    row[field.id] = c.one(q, key, `${q.id}-${byIndex.size}-${field.id}`)
    byIndex.set(index, row)
  }
  let rows = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r)
  if (removeIndex !== undefined) rows = rows.filter((_, i) => i !== removeIndex)
  const st = rows.map((r) => Object.fromEntries(q.fields.map((f) => [f.id, r[f.id] ?? ''])))
  const filled = st.map((r, i) => [r, i] as const).filter(([r]) => Object.values(r).some((v) => v.trim() !== ''))
  if (tooMany || filled.length > q.maxRows) {
    c.fail(q, q.id, `Du kan ange högst ${q.maxRows} rader. Ta bort rader innan du sparar.`)
  }
  const answer = filled.slice(0, q.maxRows).map(([r, i]) => parseRow(c, q, r, i))
  return [st, answer.length > 0 ? answer : null]
}

function parseRow (c: Collector, q: RowsQuestion, row: RowState, index: number): RowAnswer {
  const out: RowAnswer = {}
  for (const f of q.fields) {
    const id = `${q.id}-${index}-${f.id}`
    const where = `, rad ${index + 1}, ${f.label.toLowerCase()}`
    out[f.id] = parseRowField(c, q, f, row[f.id].trim(), id, where)
  }
  return out
}

function parseRowField (c: Collector, q: RowsQuestion, f: RowField, raw: string, id: string, where: string): string | string[] | null {
  switch (f.type) {
    case 'text': {
      if (raw === '') {
        c.fail(q, id, `Fyll i ${f.label.toLowerCase()}, eller töm hela raden.`, where)
        return null
      }
      return c.check(text(f.maxLength), raw, q, id, where) ?? null
    }
    case 'country':
      return raw === '' ? null : (c.check(countrySchema, raw, q, id, where) ?? null)
    case 'choice':
      return raw === '' ? null : (c.check(choice(f.options.map((o) => o.id), optionMessage), raw, q, id, where) ?? null)
    case 'countries':
      return parseCountries(c, q, f.maxCountries, raw, id, where)
  }
}

function parseCountries (c: Collector, q: RowsQuestion, max: number, raw: string, id: string, where: string): string[] {
  if (c.check(text(2000), raw, q, id, where) === undefined) return []
  const names = raw.split(/[,;\n]/).map((s) => s.trim()).filter((s) => s !== '')
  const unknown = names.filter((n) => countryCodeFromName(n) === undefined)
  if (unknown.length > 0) {
    c.fail(q, id, `Känner inte igen ${unknown.slice(0, 5).map((n) => `”${n}”`).join(', ')}. Skriv ländernas namn på svenska, till exempel Tyskland.`, where)
    return []
  }
  const codes = [...new Set(names.map((n) => countryCodeFromName(n) as string))]
  if (codes.length > max) {
    c.fail(q, id, `Ange högst ${max} länder.`, where)
    return []
  }
  return codes
}

/** The form state that shows stored answers. */
export function stateFromAnswers (section: Section, answers: Answers): FormState {
  const state: FormState = {}
  for (const q of section.questions) state[q.id] = questionState(q, answers[q.id] ?? null)
  return state
}

function questionState (q: Question, value: AnswerValue): QuestionState {
  switch (q.type) {
    case 'single':
    case 'text':
      return typeof value === 'string' ? value : ''
    case 'multi': {
      const m = value as MultiAnswer | null
      return { selected: m?.selected ?? [], other: m?.other ?? '' }
    }
    case 'contact': {
      const v = (value ?? {}) as ContactAnswer
      return Object.fromEntries(q.fields.map((f) => [f.id, v[f.id] ?? '']))
    }
    case 'rows':
      return ((value ?? []) as RowAnswer[]).map((r) => Object.fromEntries(q.fields.map((f) => [f.id, rowFieldState(r[f.id])])))
  }
}

function rowFieldState (v: string | string[] | null | undefined): string {
  if (Array.isArray(v)) return v.map(countryName).join(', ')
  return v ?? ''
}
