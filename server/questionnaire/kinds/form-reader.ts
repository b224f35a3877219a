import { z } from 'zod'
import { hasForbiddenText } from '../../http/text-safety.js'
import type { Question } from '../types.js'

/** One problem with a field: the element the error summary links to, its question and its message. */
export interface FieldError {
  id: string
  question: string
  message: string
  summary: string
}

type Body = Record<string, unknown>

const nf = new Intl.NumberFormat('sv-SE')

// Schemas are made once per length or option list: making a zod schema costs more than using it.
const textSchemas = new Map<number, z.ZodType<string>>()
const choiceSchemas = new Map<string, z.ZodType<string>>()

/** A free text of at most `max` characters without control characters, noncharacters or lone surrogates. */
export function textSchema (max: number): z.ZodType<string> {
  let schema = textSchemas.get(max)
  if (schema === undefined) {
    schema = z.string()
      .max(max, { error: `Texten får vara högst ${nf.format(max)} tecken lång.` })
      .refine((s) => !hasForbiddenText(s), { error: 'Texten innehåller tecken som inte är tillåtna (till exempel styrtecken eller tecken som inte finns i Unicode).' })
    textSchemas.set(max, schema)
  }
  return schema
}

/** One of these ids. */
export function choiceSchema (ids: string[], message = 'Välj bland svarsalternativen.'): z.ZodType<string> {
  const key = `${ids.join(' ')}\n${message}`
  let schema = choiceSchemas.get(key)
  if (schema === undefined) {
    schema = z.enum(ids as [string, ...string[]], { error: message })
    choiceSchemas.set(key, schema)
  }
  return schema
}

/** Reads fields of a form body and collects what is wrong with them, in Swedish, for the error summary. */
export class FormReader {
  readonly errors: FieldError[] = []
  /** `numberOf` gives the number a question is shown with in the round's version. */
  constructor (readonly body: Body, private readonly numberOf: (id: string) => number) {}

  fail (q: Question, id: string, message: string, where = ''): void {
    this.errors.push({ id, question: q.id, message, summary: `Fråga ${this.numberOf(q.id)}${where}: ${message}` })
  }

  /** One string field, line breaks as LF; a repeated or non-text field is an error. */
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
    // Browsers send a line break as CR LF but count it as one character against maxlength: stored as one (LF), so a
    // text the browser let through is never too long here.
    return v.replace(/\r\n?/g, '\n')
  }

  /** Every value of a field that may repeat (checkboxes). */
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
